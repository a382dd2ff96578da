/// GitHub agentic workflows: Markdown files in `.github/workflows/` whose YAML front matter (between
/// `---` lines at the top) configures the job that runs the agent: `on:`, `permissions:`, `container:`,
/// `services:`, `steps:` and the like. Only the front matter is YAML; the Markdown body is the prompt.
public enum GitHubAgenticWorkflow {
    /// Whether `path` is an agentic workflow: a `.md` file directly in `.github/workflows/`.
    public static func isWorkflow(path: String) -> Bool {
        let components = path.split(separator: "/")
        guard components.count >= 3, let name = components.last, name.lowercased().hasSuffix(".md") else { return false }
        return components[components.count - 2] == "workflows" && components[components.count - 3] == ".github"
    }

    /// The front matter of `text` as YAML text that keeps the file's line numbers: the `---` lines and
    /// the Markdown body become empty lines (dropped after the front matter). Empty when the file has
    /// no front matter.
    public static func frontMatter(of text: String) -> String {
        var lines: [Substring] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let isMarker = line.trimmingTrailingSpaces() == "---"
            if index == 0 {
                guard isMarker else { return "" }
                lines.append("")
            } else if isMarker {
                return lines.joined(separator: "\n") + "\n"
            } else {
                lines.append(line)
            }
        }
        return ""  // no closing `---`: not front matter
    }
}

private extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last == " " || last == "\r" || last == "\t" {
            end = index(before: end)
        }
        return self[..<end]
    }
}
