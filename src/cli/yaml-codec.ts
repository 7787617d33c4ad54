// YAML for the command line and tests: the `yaml` package behind the core's YamlCodec port.
import { parse, stringify } from "yaml";
import type { YamlCodec } from "../core/ports";

export const nodeYaml: YamlCodec = {
  parse: (text) => parse(text) as unknown,
  stringify: (value) => stringify(value, { lineWidth: 0 }),
};
