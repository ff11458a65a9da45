// A TypeDoc plugin for the API reference:
// - names each module after the package export it documents (`@oauthkit/core/binding`), not
//   after its path below packages/ (`core/src/binding`);
// - fails the build (with `treatValidationWarningsAsErrors`) for any export of a public entry
//   point that has no TSDoc: the export itself, or every signature of an exported function.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {string} path the module name TypeDoc derives from the entry point's path */
export function exportName(path) {
  const match = /^([\w-]+)\/src(?:\/(.+))?$/.exec(path);
  if (!match) return null;
  const [, pkg, rest] = match;
  const sub = rest?.replace(/^tables\//, '');
  return `@oauthkit/${pkg}${sub ? `/${sub}` : ''}`;
}

/** @param {import('typedoc').DeclarationReflection} reflection */
export function documented(reflection) {
  if (reflection.hasComment()) return true;
  const signatures = reflection.signatures ?? reflection.type?.declaration?.signatures ?? [];
  return signatures.length > 0 && signatures.every((s) => s.hasComment());
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = exportName(module.name);
      if (name) module.name = name;
    }
  });
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      for (const child of module.children ?? []) {
        if (child.kindOf(ReflectionKind.Reference) || documented(child)) continue;
        app.logger.validationWarning(
          `${module.name}: the public export ${child.name} has no TSDoc comment`,
        );
      }
    }
  });
}
