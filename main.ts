// Obsidian entry point: the plugin class lives in src/obsidian/plugin.ts.
import SopRuntimePlugin from "./src/obsidian/plugin";

export default SopRuntimePlugin;
