/** Exposure pack entries: AI agent and MCP configuration. Order within the file is the probe order. */
import { type ExposurePath, entries } from "./entries.js";
import { has, json, markdownInstructions, mcpConfig, notHtml } from "./validators.js";

export const AI_AGENT_CONFIG: readonly ExposurePath[] = [
  ...entries(["/.mcp.json", "/mcp.json", "/.cursor/mcp.json", "/.vscode/mcp.json", "/claude_desktop_config.json"], {
    group: "ai-agent-config",
    title: "MCP server configuration is exposed",
    severity: "high",
    rationale:
      "MCP configs list the tools an agent may run and usually pass provider keys in `env`: critical when a key is found.",
    validate: mcpConfig,
  }),
  ...entries(["/.claude/settings.json", "/.claude/settings.local.json"], {
    group: "ai-agent-config",
    title: "AI agent settings are exposed",
    severity: "medium",
    rationale: "Agent permissions, hooks and environment: what an agent on the server may do, sometimes with keys.",
    validate: json((v) => has(v, "permissions") || has(v, "env") || has(v, "hooks") || has(v, "model")),
  }),
  ...entries(["/CLAUDE.md", "/AGENTS.md", "/.cursorrules", "/.github/copilot-instructions.md", "/GEMINI.md"], {
    group: "ai-agent-config",
    title: "AI agent instruction file is exposed",
    severity: "low",
    rationale:
      "Instructions written for coding agents describe architecture, internal services and commands; a secret pasted in makes it critical.",
    validate: markdownInstructions,
  }),
  ...entries(
    ["/.windsurfrules", "/.clinerules", "/.aider.conf.yml", "/.continue/config.json", "/.cursor/rules/main.mdc"],
    {
      group: "ai-agent-config",
      title: "AI agent configuration is exposed",
      severity: "low",
      rationale: "Agent rules and settings reveal internals and sometimes model API keys.",
      validate: (body) =>
        markdownInstructions(body) ||
        json((v) => has(v, "models") || has(v, "rules") || has(v, "mcpServers"))(body) ||
        (notHtml(body) &&
          (body.match(/^(?:model|auto-commits|editor-model|weak-model|read|lint-cmd|test-cmd):\s*\S/gm) ?? []).length >=
            2),
      tier: "deep",
    },
  ),
];
