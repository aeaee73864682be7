import type { TestProject } from "vitest/node";
import { startMock } from "../src/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMock();
  project.provide("mockUrl", mock.url);
  return () => mock.stop();
}
