import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

/**
 * GraphiQL and Swagger UI in a real headless Chromium against a real listening server: every
 * request either page makes stays on the server's origin (the machine may be offline), and a
 * query with a bearer key answers in both. The screenshots go to a temporary folder, so a test run
 * leaves the checkout clean; `UPDATE_SCREENSHOTS=1 npm test -- docs-browser` refreshes docs/*.png.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1'
  ? path.resolve(import.meta.dirname, '../../docs')
  : mkdtempSync(path.join(os.tmpdir(), 'wh-screenshots-'));

describe('the browser is there', () => {
  // In CI a missing Chromium must fail (.ci/run installs it); elsewhere the tests below skip.
  it.skipIf(process.env.CI !== 'true')(`finds Chromium at ${CHROMIUM} under CI`, () => {
    expect(haveChromium, `${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`).toBe(true);
  });
});

describe.skipIf(!haveChromium)(`documentation pages in headless Chromium (skipped when ${CHROMIUM} is not installed)`, () => {
  let t: TestApp;
  let org: CreatedOrganization;
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let userDataDir: string;
  const requested: string[] = [];
  const violations: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    org = await t.tenant();
    server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    userDataDir = mkdtempSync(path.join(os.tmpdir(), 'wh-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
    });
    context.on('request', (request) => requested.push(request.url()));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await new Promise((resolve) => server?.close(resolve));
    server?.closeAllConnections();
    await t?.close();
  });

  /** Requests that left the server's origin (data: and blob: URLs never touch the network). */
  const outside = () => requested.filter((url) => !url.startsWith(`${origin}/`) && !/^(data|blob):/.test(url));

  async function openPage(pathname: string): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error on ${pathname}: ${error.message}`));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${origin}${pathname}`, { waitUntil: 'load' });
    // The page runs under its CSP (no inline script): a blocked script or style would show here.
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    return page;
  }

  it('GraphiQL: loads only from this server and runs a query with a bearer key', async () => {
    requested.length = violations.length = 0;
    const page = await openPage('/graphql');
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });

    // The headers editor, then the query editor (both Monaco editors).
    await page.getByRole('button', { name: /headers/i }).first().click();
    await fill(page, page.locator('.graphiql-editor-tool .graphiql-editor').last(), JSON.stringify({ Authorization: `Bearer ${org.apiKey}` }));
    await fill(page, page.locator('.graphiql-query-editor .graphiql-editor').first(), '{ viewer { role organization { name } } }');
    await page.getByRole('button', { name: /execute query/i }).first().click();

    const result = page.locator('.graphiql-response');
    await expect.poll(() => text(result), { timeout: 20_000 }).toContain(org.organization.name);
    // The key is masked in the picture.
    await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql.png'), mask: [page.locator('.graphiql-editor-tool')] });
    expect(requested.some((url) => url.endsWith('/graphiql/yoga-graphiql.umd.js'))).toBe(true);
    expect(outside()).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  }, 90_000);

  it('Swagger UI: loads only from this server and calls GET /me with a bearer key', async () => {
    requested.length = violations.length = 0;
    const page = await openPage('/api-docs');
    await page.getByRole('button', { name: /authorize/i }).first().click();
    await page.locator('#auth-bearer-value').fill(org.apiKey);
    await page.locator('.modal-ux button.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();

    const operation = page.locator('#operations-Account-getMe');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: /try it out/i }).click();
    await operation.getByRole('button', { name: /execute/i }).click();
    const body = operation.locator('.live-responses-table .response-col_description pre').first();
    await expect.poll(() => text(body), { timeout: 20_000 }).toContain(org.organization.name);
    // The answer at the top of the picture (the curl line, which shows the key, is masked).
    await operation.locator('.curl-command').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'swagger-ui.png'), mask: [operation.locator('.curl-command')] });
    expect(requested).toContain(`${origin}/v1/openapi.json`);
    expect(outside()).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  }, 90_000);
});

/** Replaces the text of a Monaco editor (clicked, all selected, text inserted as a paste would). */
async function fill(page: Page, editor: ReturnType<Page['locator']>, text: string) {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** The visible text of an element, with the editors' non-breaking spaces made plain. */
async function text(locator: ReturnType<Page['locator']>): Promise<string> {
  return (await locator.innerText()).replace(/\u00a0/g, ' ');
}
