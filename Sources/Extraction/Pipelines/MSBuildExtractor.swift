/// Image references in MSBuild files (`.proj`, `.props`, `.targets`, `.csproj` …):
/// - `<ContainerBaseImage>` (`msbuild/container-base-image`), the base image of SDK container builds;
/// - Helix queue strings (`helix/queue`) in any element text or attribute, e.g.
///   `<HelixAvailableTargetQueue Include="(Debian.12.Amd64)Ubuntu.2204.Amd64@…" />` or
///   `<HelixTargetQueues>(a)b@…;(c)d@…</HelixTargetQueues>`.
///
/// `$(Property)` in a value resolves against the same file's `PropertyGroup`s where that is simple
/// (see `MSBuildProperties`); otherwise the reference stays unresolved with a reason. Comments are skipped.
public enum MSBuildExtractor {
    /// Bumped whenever the facts extracted from the same bytes could change.
    public static let version = 2

    /// The `kind` of a `<ContainerBaseImage>` reference.
    public static let containerBaseImageKind = "msbuild/container-base-image"

    /// Deepest element nesting read: real project files stay under ten levels, and every element
    /// carries the names of the elements around it, so unbounded nesting would cost quadratic work.
    public static let maxDepth = 64

    /// Facts of the MSBuild file at `path` whose content is `text`. Reading stops with a warning at
    /// elements nested deeper than `maxDepth` or once `budget` (by default one sized for the text) is spent.
    public static func extract(path: String, text: String, budget: ExtractionBudget? = nil) -> FileFacts {
        let budget = budget ?? ExtractionBudget(steps: ExtractionBudget.defaultSteps(forBytes: text.utf8.count))
        let (tokens, depthWarning) = boundedByDepth(MSBuildXMLScanner.tokens(of: text, budget: budget))
        let elements = elementsWithText(tokens)
        var properties = MSBuildProperties()
        for element in elements where element.parent == "PropertyGroup" && element.isLeaf {
            properties.define(element.name, value: element.text.trimmed)
        }
        var facts = FileFacts()
        var stack: [String] = []
        for token in tokens {
            switch token {
            case .start(let name, let attributes, _, let selfClosing):
                for attribute in attributes where attribute.name != "Condition" && attribute.value.containsByte(UInt8(ascii: "@")) {
                    let context = (stack + [name]).joined(separator: "/")
                    guard budget.spend(context.utf8.count, line: attribute.line) else { break }
                    facts.references += HelixQueue.scan(value: attribute.value, line: attribute.line,
                                                        context: "\(context)[\(attribute.name)]", budget: budget,
                                                        imageExpression: properties.imageExpression)
                }
                if !selfClosing { stack.append(name) }
            case .end(let name):
                if let open = stack.lastIndex(of: name) { stack.removeSubrange(open...) }
            case .text(let text, let line):
                guard text.containsByte(UInt8(ascii: "@")) else { continue }
                let (content, contentLine) = Self.leadingTrimmed(text, line: line)
                facts.references += HelixQueue.scan(value: content, line: contentLine,
                                                    context: stack.joined(separator: "/"), budget: budget,
                                                    imageExpression: properties.imageExpression)
            }
        }
        for element in elements where element.name == "ContainerBaseImage" && element.isLeaf {
            let (content, contentLine) = Self.leadingTrimmed(element.text, line: element.textLine)
            let raw = content.trimmed
            guard !raw.isEmpty else { continue }
            var context = element.path
            if !element.conditions.isEmpty {
                context += " (Condition: \(element.conditions.joined(separator: " and ")))"
            }
            facts.references.append(ReferenceFact(line: contentLine, kind: containerBaseImageKind, context: context,
                                                  raw: raw, value: properties.imageExpression(raw)))
        }
        if let depthWarning { facts.warnings.append(depthWarning) }
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
    }

    /// The tokens up to the first element nested deeper than `maxDepth`, and the warning saying so.
    /// End tags close the innermost open element of their name, as the readers below do.
    static func boundedByDepth(_ tokens: [MSBuildXMLScanner.Token]) -> ([MSBuildXMLScanner.Token], ExtractionWarning?) {
        var open: [String] = []
        for (index, token) in tokens.enumerated() {
            switch token {
            case .start(let name, _, let line, let selfClosing):
                if open.count >= maxDepth {
                    return (Array(tokens[..<index]), ExtractionWarning(line: line, message:
                        "stopped reading: elements nested deeper than \(maxDepth) levels; references after this point are not reported"))
                }
                if !selfClosing { open.append(name) }
            case .end(let name):
                if let at = open.lastIndex(of: name) { open.removeSubrange(at...) }
            case .text:
                continue
            }
        }
        return (tokens, nil)
    }

    /// An element with its direct text, as the property and base-image rules need it.
    struct Element {
        let name: String
        let parent: String?
        /// Names of the enclosing elements, outermost first.
        let ancestors: [String]
        let conditions: [String]
        /// `Project/PropertyGroup/Name`, built only where it is shown.
        var path: String { (ancestors + [name]).joined(separator: "/") }
        var text = ""
        var textLine: Int
        var isLeaf = true
    }

    /// Elements in document order, each with its direct text and where that text starts.
    static func elementsWithText(_ tokens: [MSBuildXMLScanner.Token]) -> [Element] {
        var done: [(order: Int, element: Element)] = []
        var open: [(order: Int, element: Element)] = []
        var order = 0
        for token in tokens {
            switch token {
            case .start(let name, let attributes, let line, let selfClosing):
                if let last = open.indices.last { open[last].element.isLeaf = false }
                let ancestors = (open.last.map { $0.element.ancestors + [$0.element.name] }) ?? []
                var inherited = open.last?.element.conditions ?? []
                if let condition = attributes.first(where: { $0.name == "Condition" })?.value { inherited.append(condition) }
                let element = Element(name: name, parent: open.last?.element.name, ancestors: ancestors, conditions: inherited,
                                      textLine: line)
                order += 1
                if selfClosing { done.append((order, element)) } else { open.append((order, element)) }
            case .end(let name):
                guard let index = open.lastIndex(where: { $0.element.name == name }) else { continue }
                done += open[index...]
                open.removeSubrange(index...)
            case .text(let text, let line):
                guard let last = open.indices.last else { continue }
                if open[last].element.text.isEmpty { open[last].element.textLine = line }
                open[last].element.text += text
            }
        }
        done += open
        return done.sorted { $0.order < $1.order }.map(\.element)
    }

    /// `text` without its leading whitespace, and the line where what remains starts.
    static func leadingTrimmed(_ text: String, line: Int) -> (String, Int) {
        let leading = text.prefix { $0.isWhitespace }
        return (String(text.dropFirst(leading.count)), line + leading.filter { $0 == "\n" || $0 == "\r\n" }.count)
    }
}

private extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
