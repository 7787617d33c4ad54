// YAML inside Obsidian: the app's own parseYaml/stringifyYaml behind the core's YamlCodec port.
import { parseYaml, stringifyYaml } from "obsidian";
import type { YamlCodec } from "../../core/ports";

export const obsidianYaml: YamlCodec = {
  parse(text: string): unknown {
    try {
      return parseYaml(text) as unknown;
    } catch (error) {
      // The port promises an Error whose message names the line; Obsidian's parser already says where.
      throw new Error(error instanceof Error ? error.message : String(error));
    }
  },
  stringify(value: unknown): string {
    return stringifyYaml(value);
  },
};
