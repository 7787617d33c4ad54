// The command palette stand-in: every registered command that is available now, filtered by what is typed, run on click.

/** Opens on the button or Ctrl/Cmd+P; lists "Plugin name: command name" as Obsidian does. */
export function installPalette(paletteButton, plugins) {
  let openEl = null;

  const available = (command) => {
    if (command.editorCallback || command.editorCheckCallback) return false; // the host has no editor
    if (command.checkCallback) return command.checkCallback(true) === true;
    return typeof command.callback === "function";
  };
  const entries = () =>
    plugins()
      .flatMap((plugin) => [...plugin.commands__.values()].map((command) => ({ plugin, command })))
      .filter(({ command }) => available(command))
      .map(({ plugin, command }) => ({ command, label: `${plugin.manifest.name}: ${command.name}` }))
      .sort((a, b) => a.label.localeCompare(b.label));

  const close = () => {
    openEl?.remove();
    openEl = null;
  };
  const run = (command) => {
    close();
    if (command.checkCallback) command.checkCallback(false);
    else void command.callback();
  };
  const open = () => {
    close();
    const container = document.body.createDiv({ cls: "modal-container host-palette" });
    container.createDiv({ cls: "modal-bg" }).addEventListener("click", close);
    const modal = container.createDiv({ cls: "modal prompt" });
    const input = modal.createEl("input", { cls: "prompt-input", attr: { placeholder: "Type a command…", "aria-label": "Command" } });
    const results = modal.createDiv({ cls: "prompt-results" });
    const render = () => {
      results.empty();
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      const shown = entries().filter(({ label }) => words.every((word) => label.toLowerCase().includes(word)));
      if (shown.length === 0) results.createDiv({ cls: "suggestion-empty", text: "No commands found." });
      shown.forEach(({ command, label }, i) => {
        const item = results.createDiv({ cls: i === 0 ? "suggestion-item is-selected" : "suggestion-item", attr: { "data-command-id": command.id } });
        const colon = label.indexOf(": ");
        item.createSpan({ cls: "suggestion-prefix", text: label.slice(0, colon + 2) });
        item.createSpan({ cls: "suggestion-title", text: label.slice(colon + 2) });
        item.addEventListener("click", () => run(command));
      });
      return shown;
    };
    input.addEventListener("input", render);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
      if (event.key !== "Enter") return;
      const first = render()[0];
      if (first) run(first.command);
    });
    render();
    openEl = container;
    input.focus();
  };

  paletteButton.addEventListener("click", open);
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "p") {
      event.preventDefault();
      open();
    }
  });
}
