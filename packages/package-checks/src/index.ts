export {
  type AttwOptions,
  type AttwResult,
  attw,
  type Packed,
  pack,
  publintMessages,
} from "./packaging.ts";
export {
  describePublishedPackage,
  type EntryPoint,
  entryPoints,
  installPacked,
  loadAndCall,
  type Manifest,
  type PublishedOptions,
  pointedFiles,
  workspaceRoot,
} from "./published.ts";
