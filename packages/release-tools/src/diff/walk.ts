// Navigation in a bundled OpenAPI document that follows local `$ref`s the way api-smart-diff does,
// remembering which component a path ends up in (so a change reads "Company.size", not a long path).

export type JsonPath = ReadonlyArray<string | number>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The named component a path entered last, and the path inside it. */
export interface ComponentRef {
  section: string;
  name: string;
  inner: Array<string | number>;
}

export interface Located {
  found: boolean;
  value: unknown;
  component?: ComponentRef;
}

function decodePointerSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Follows a chain of local `$ref`s; returns the target and the last component it names. */
export function deref(
  doc: unknown,
  value: unknown,
): { value: unknown; component?: { section: string; name: string } } {
  let current = value;
  let component: { section: string; name: string } | undefined;
  const seen = new Set<string>();
  while (isRecord(current) && typeof current.$ref === "string" && current.$ref.startsWith("#/")) {
    const ref = current.$ref;
    if (seen.has(ref)) break; // a cycle: stop at the reference itself
    seen.add(ref);
    const segments = ref.slice(2).split("/").map(decodePointerSegment);
    if (segments[0] === "components" && segments.length === 3) {
      component = { section: segments[1] as string, name: segments[2] as string };
    }
    let target: unknown = doc;
    for (const segment of segments) {
      target = isRecord(target) ? target[segment] : undefined;
    }
    if (target === undefined) break;
    current = target;
  }
  return component ? { value: current, component } : { value: current };
}

/** Walks `path` through `doc`, resolving `$ref`s at every step. */
export function locate(doc: unknown, path: JsonPath): Located {
  let node: unknown = doc;
  let component: ComponentRef | undefined;
  for (const segment of path) {
    const resolved = deref(doc, node);
    node = resolved.value;
    if (resolved.component) {
      component = { ...resolved.component, inner: [] };
    }
    if (Array.isArray(node) && typeof segment === "number") {
      node = node[segment];
    } else if (isRecord(node) && typeof segment === "string") {
      node = node[segment];
    } else if (isRecord(node)) {
      node = node[String(segment)];
    } else {
      return component
        ? { found: false, value: undefined, component }
        : { found: false, value: undefined };
    }
    if (component) component.inner.push(segment);
    if (node === undefined) {
      return component
        ? { found: false, value: undefined, component }
        : { found: false, value: undefined };
    }
  }
  const last = deref(doc, node);
  if (last.component) component = { ...last.component, inner: [] };
  return component
    ? { found: true, value: last.value, component }
    : { found: true, value: last.value };
}

/** Every `#/components/<section>/<name>` reachable from `paths` (transitively through other components). */
export function reachableComponents(doc: unknown): Set<string> {
  const reached = new Set<string>();
  const pending: unknown[] = [
    isRecord(doc) ? doc.paths : undefined,
    isRecord(doc) ? doc.webhooks : undefined,
  ];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string" && child.startsWith("#/components/")) {
        const [section, name] = child
          .slice("#/components/".length)
          .split("/")
          .map(decodePointerSegment);
        const id = `${section}/${name}`;
        if (section && name && !reached.has(id)) {
          reached.add(id);
          const components = isRecord(doc) && isRecord(doc.components) ? doc.components : {};
          const target = isRecord(components[section]) ? components[section][name] : undefined;
          pending.push(target);
        }
      } else {
        visit(child);
      }
    }
  };
  while (pending.length > 0) visit(pending.pop());
  return reached;
}
