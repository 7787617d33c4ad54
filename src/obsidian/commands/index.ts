// The command palette entries (stable ids, no default hotkeys) and what each one does.
import type { App, Plugin } from "obsidian";
import type { SopCatalog, SopListing } from "../adapters/sop-catalog";
import { SopPickerModal } from "../ui/sop-picker-modal";

export interface CommandServices {
  app: App;
  catalog: SopCatalog;
  sopTag: () => string;
  /** Shows the person one sentence (a Notice in the app). */
  notify: (message: string) => void;
}

export const OPEN_SOP_COMMAND_ID = "open-sop";

export function registerCommands(plugin: Plugin, services: CommandServices): void {
  plugin.addCommand({
    id: OPEN_SOP_COMMAND_ID,
    name: "Open an SOP…",
    callback: () => {
      void openSopPicker(services);
    },
  });
}

/** Lists the vault's SOPs in a picker and opens the chosen note; failures become one-sentence notices. */
export async function openSopPicker(services: CommandServices): Promise<SopPickerModal | null> {
  const { app, catalog, notify } = services;
  let listings: SopListing[];
  try {
    listings = await catalog.list();
  } catch (error) {
    notify(`Could not list the SOPs: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  if (listings.length === 0) {
    notify(`No note is tagged #${services.sopTag()} yet. Add that tag to a note to make it an SOP.`);
    return null;
  }
  const modal = new SopPickerModal(
    app,
    listings,
    (listing) => {
      app.workspace
        .getLeaf(false)
        .openFile(listing.file)
        .catch((error: unknown) => {
          notify(`Could not open "${listing.path}": ${error instanceof Error ? error.message : String(error)}`);
        });
    },
    "Pick an SOP to open",
  );
  modal.open();
  return modal;
}
