import type { GraphQLSchema } from 'graphql';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import type { useSofa } from '@graphql-yoga/plugin-sofa';

type SofaConfig = Parameters<typeof useSofa>[0];
type SofaPlugin = ReturnType<typeof useSofa>;

/**
 * Yoga's Sofa plugin, loaded on the first request under `basePath` rather than at start-up:
 * sofa-api and what it brings (fets, its router, the REST schema it builds) are a good share of
 * a start's module loading, and /ready, /graphql and the probes never need them. The first REST
 * request pays that once (tens of milliseconds on an idle machine). `toRestSchema` derives the
 * schema Sofa serves from Yoga's, also on first use.
 */
export function useLazySofa(config: SofaConfig, toRestSchema: (schema: GraphQLSchema) => GraphQLSchema): Plugin {
  let yoga: YogaServerInstance<Record<string, unknown>, Record<string, unknown>> | undefined;
  let schema: GraphQLSchema | undefined;
  let loading: Promise<SofaPlugin> | undefined;
  /** The plugin once loaded: later requests call it directly, without a promise of their own. */
  let loaded: SofaPlugin | undefined;

  const load = (): Promise<SofaPlugin> =>
    (loading ??= import('@graphql-yoga/plugin-sofa').then(({ useSofa: createPlugin }) => {
      const plugin = createPlugin(config);
      plugin.onYogaInit?.({ yoga: yoga! } as never);
      plugin.onSchemaChange?.({ schema: toRestSchema(schema!), replaceSchema: () => undefined } as never);
      loaded = plugin;
      return plugin;
    }));

  return {
    onYogaInit(payload) {
      yoga = payload.yoga as never;
    },
    onSchemaChange(payload) {
      schema = payload.schema;
      loading = undefined;
      loaded = undefined;
    },
    onRequest(payload) {
      if (!payload.url.pathname.startsWith(config.basePath ?? '/')) return;
      if (loaded) return loaded.onRequest?.(payload as never);
      return load().then((plugin) => plugin.onRequest?.(payload as never));
    },
  };
}
