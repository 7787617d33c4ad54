// Runs the shared VaultPort contract against the command line's folder adapter on a temporary folder on disk.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { FolderVault } from "../../src/cli/folder-vault";
import { nodeYaml } from "../../src/cli/yaml-codec";
import { vaultPortContract } from "./vault-port-contract";

vaultPortContract("FolderVault (disk)", async () => {
  const root = await mkdtemp(join(tmpdir(), "sop-vault-contract-"));
  return {
    vault: new FolderVault(root, nodeYaml),
    seed: async (path: string, content: string) => {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content, "utf8");
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});
