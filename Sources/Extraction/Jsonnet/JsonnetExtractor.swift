/// jsonnet and libsonnet files (`*.jsonnet`, `*.libsonnet`; kube-prometheus, Grafana's and Tanka's
/// libraries): the images their objects write in fields named for an image (`image`, `*Image`, `*_image`)
/// and in image maps (every field of an object named `images`, `_images`, `*Images`, `*_images`).
///
/// jsonnet is a language; nothing is evaluated. A value counts only when it is exactly determined by this
/// file: a string literal, or string literals and same-file `local` strings joined by `+`. A local counts
/// only when its name is bound once in the file (no other `local`, parameter or `for` variable of that
/// name can shadow it). The value must then be an image by the strict test with a tag or digest:
/// jsonnet libraries commonly hold a repository (`'quay.io/thanos/thanos'`) that other code appends a
/// version to, which is not an image by itself. A value whose known start writes a repository and the
/// start of its tag (`'quay.io/prometheus/alertmanager:v' + $.values.common.versions.alertmanager`) is
/// recorded unresolved with the expression as the reason; any other computed value is not recorded.
enum JsonnetExtractor {
    /// Bumped whenever the facts for the same bytes could change.
    static let version = 1

    static let kind = "jsonnet/image"
    static let mapKind = "jsonnet/image-map"
    /// A function's or method's parameter default (`new(image='…')::`): the image used unless a caller passes one.
    static let parameterKind = "jsonnet/parameter-default"
    /// A named argument of a call (`container.new('x', image='…')`).
    static let argumentKind = "jsonnet/argument"

    /// Whether a file name is a jsonnet source.
    static func isJsonnet(name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".jsonnet") || lower.hasSuffix(".libsonnet")
    }

    /// Whether a field's key names one image.
    static func namesImage(_ key: String) -> Bool {
        key == "image" || key.hasSuffix("Image") || key.hasSuffix("_image")
    }

    /// Whether a field's key names a map of images.
    static func namesImageMap(_ key: String) -> Bool {
        key == "images" || key == "_images" || key.hasSuffix("Images") || key.hasSuffix("_images")
    }

    /// How many locals a value may pass through before it is given up (a chain, never a loop).
    static let maxLocalDepth = 8

    typealias Token = JsonnetLexer.Token

    /// Facts of the jsonnet file at `path` whose content is `text`.
    static func extract(path: String, text: String, budget: ExtractionBudget) -> FileFacts {
        let lexer = JsonnetLexer.tokenize(text, budget: budget)
        var collector = FactCollector()
        for warning in lexer.warnings { collector.warn(line: warning.line, warning.message) }
        let reader = Reader(tokens: lexer.tokens, text: Array(text.utf8), budget: budget)
        reader.collect(into: &collector)
        if let warning = budget.warning { collector.warn(line: warning.line, warning.message) }
        return collector.facts
    }

    /// One pass over a file's tokens: brackets matched, locals found, then fields read.
    struct Reader {
        let tokens: [Token]
        let text: [UInt8]
        let budget: ExtractionBudget
        /// The index of the bracket that closes each opening bracket (and the reverse).
        let partner: [Int: Int]
        /// Locals bound once in the file whose value is strings and locals joined by `+`, by name.
        let locals: [String: Range<Int>]
        /// The opening parentheses of parameter lists (a function's, a method's, a function local's).
        let parameterLists: Set<Int>

        init(tokens: [Token], text: [UInt8], budget: ExtractionBudget) {
            self.tokens = tokens
            self.text = text
            self.budget = budget
            var partner: [Int: Int] = [:]
            var open: [Int] = []
            for (index, token) in tokens.enumerated() {
                if token.kind == .open { open.append(index) }
                if token.kind == .close, let start = open.popLast() {
                    partner[start] = index
                    partner[index] = start
                }
            }
            self.partner = partner
            var parameterLists: Set<Int> = []
            for (index, token) in tokens.enumerated() where token.kind == .open && token.text == "(" {
                guard let close = partner[index] else { continue }
                let before = index > 0 ? tokens[index - 1] : nil
                let after = close + 1 < tokens.count ? tokens[close + 1] : nil
                // After `function`, or closed right before `=`/`:` (a function local or a method).
                if (before?.kind == .identifier && before?.text == "function")
                    || after?.kind == .equals || after?.kind == .fieldSeparator {
                    parameterLists.insert(index)
                }
            }
            self.parameterLists = parameterLists
            self.locals = Self.findLocals(tokens: tokens, partner: partner, parameterLists: parameterLists, budget: budget)
        }

        /// Every local's value terms (token ranges joined by `+`), kept only for names bound once.
        private static func findLocals(tokens: [Token], partner: [Int: Int], parameterLists: Set<Int>,
                                       budget: ExtractionBudget) -> [String: Range<Int>] {
            var bindings: [String: Int] = [:]
            var values: [String: Range<Int>] = [:]
            func bind(_ name: String) { bindings[name, default: 0] += 1 }
            var index = 0
            while index < tokens.count {
                guard budget.spend(1, line: tokens[index].line) else { break }
                let token = tokens[index]
                if token.kind == .identifier, token.text == "for", index + 1 < tokens.count, tokens[index + 1].kind == .identifier {
                    bind(tokens[index + 1].text)
                }
                if parameterLists.contains(index), let close = partner[index] {
                    var inner = index + 1
                    while inner < close {
                        if tokens[inner].kind == .open, let end = partner[inner] { inner = end + 1; continue }
                        if tokens[inner].kind == .identifier, [.comma, .close, .equals].contains(tokens[inner + 1].kind) {
                            bind(tokens[inner].text)
                        }
                        inner += 1
                    }
                }
                if token.kind == .identifier, token.text == "local" {
                    var at = index + 1
                    // `local a = …, b = …;` binds several names.
                    while at + 1 < tokens.count, tokens[at].kind == .identifier {
                        let name = tokens[at].text
                        bind(name)
                        guard tokens[at + 1].kind == .equals else { break }
                        let end = expressionEnd(from: at + 2, tokens: tokens, partner: partner, budget: budget)
                        values[name] = (at + 2)..<end
                        guard end < tokens.count, tokens[end].kind == .comma,
                              end + 2 < tokens.count, tokens[end + 1].kind == .identifier,
                              tokens[end + 2].kind == .equals else { break }
                        at = end + 1
                    }
                }
                index += 1
            }
            return values.filter { bindings[$0.key] == 1 }
        }

        /// The index just past an expression starting at `start`: the first `,`, `;` or closing bracket
        /// outside brackets opened within it.
        static func expressionEnd(from start: Int, tokens: [Token], partner: [Int: Int], budget: ExtractionBudget) -> Int {
            var index = start
            while index < tokens.count, budget.spend(1, line: tokens[index].line) {
                switch tokens[index].kind {
                case .comma, .semicolon, .close: return index
                case .open:
                    guard let close = partner[index] else { return tokens.count }
                    index = close + 1
                default: index += 1
                }
            }
            return index
        }

        /// What a value expression comes to.
        enum Value {
            /// Exactly this text.
            case known(String)
            /// Known text followed by computed parts.
            case prefix(String)
            /// Nothing this file determines.
            case unknown
        }

        /// The value of the tokens `range`: terms joined by `+`, each a string or a local.
        func value(_ range: Range<Int>, depth: Int = 0) -> Value {
            guard !range.isEmpty, depth <= JsonnetExtractor.maxLocalDepth else { return .unknown }
            var terms: [Range<Int>] = []
            var start = range.lowerBound
            var index = range.lowerBound
            while index < range.upperBound {
                guard budget.spend(1, line: tokens[index].line) else { return .unknown }
                if tokens[index].kind == .open, let close = partner[index] {
                    index = close + 1
                    continue
                }
                if tokens[index].kind == .plus {
                    terms.append(start..<index)
                    start = index + 1
                }
                index += 1
            }
            terms.append(start..<range.upperBound)
            var known = ""
            for term in terms {
                guard term.count == 1 else { return known.isEmpty ? .unknown : .prefix(known) }
                let token = tokens[term.lowerBound]
                switch token.kind {
                case .string: known += token.text
                case .identifier:
                    guard let local = locals[token.text] else { return known.isEmpty ? .unknown : .prefix(known) }
                    switch value(local, depth: depth + 1) {
                    case .known(let text): known += text
                    case .prefix(let text): return .prefix(known + text)
                    case .unknown: return known.isEmpty ? .unknown : .prefix(known)
                    }
                default: return known.isEmpty ? .unknown : .prefix(known)
                }
                // Locals that double at every level (`local b = a + a;`) stop here, long before memory matters.
                if known.utf8.count > FactCollector.maxImageLength { return .unknown }
            }
            return .known(known)
        }

        /// The source text of the tokens `range`.
        func source(_ range: Range<Int>) -> String {
            String(decoding: text[tokens[range.lowerBound].start..<tokens[range.upperBound - 1].end], as: UTF8.self)
        }

        /// Reads every object's fields and records the image-named ones and the image maps' entries.
        func collect(into collector: inout FactCollector) {
            struct Frame {
                var isObject: Bool
                var path: [String]
                var isImageMap: Bool
                var atMemberStart: Bool
                /// The key of the field being read, for the contexts of calls in its value.
                var field: String?
            }
            var stack: [Frame] = []
            // Object literals that are a field's value (or a `+` term of it), with the field's path.
            var fieldObjects: [Int: (path: [String], isImageMap: Bool)] = [:]
            var index = 0
            while index < tokens.count {
                guard budget.spend(1, line: tokens[index].line) else { return }
                let token = tokens[index]
                let path = stack.last?.path ?? []
                switch token.kind {
                case .open:
                    if token.text == "{" {
                        let field = fieldObjects.removeValue(forKey: index)
                        stack.append(Frame(isObject: true, path: field?.path ?? path,
                                           isImageMap: field?.isImageMap ?? false, atMemberStart: true, field: nil))
                    } else {
                        let fieldPath = path + (stack.last?.field.map { [$0] } ?? [])
                        if token.text == "(" { recordArguments(of: index, path: fieldPath, into: &collector) }
                        stack.append(Frame(isObject: false, path: fieldPath, isImageMap: false, atMemberStart: false, field: nil))
                    }
                    index += 1
                    continue
                case .close:
                    _ = stack.popLast()
                    index += 1
                    continue
                case .comma:
                    if stack.last?.isObject == true {
                        stack[stack.count - 1].atMemberStart = true
                        stack[stack.count - 1].field = nil
                    }
                    index += 1
                    continue
                default: break
                }
                guard let frame = stack.last, frame.isObject, frame.atMemberStart else {
                    index += 1
                    continue
                }
                stack[stack.count - 1].atMemberStart = false
                guard token.kind == .identifier || token.kind == .string, token.text != "local", token.text != "assert",
                      index + 1 < tokens.count, tokens[index + 1].kind == .fieldSeparator else {
                    index += 1
                    continue
                }
                let key = token.text
                stack[stack.count - 1].field = key
                let start = index + 2
                let end = Self.expressionEnd(from: start, tokens: tokens, partner: partner, budget: budget)
                if start < end {
                    let objects = objectTerms(start..<end)
                    for object in objects { fieldObjects[object] = (frame.path + [key], JsonnetExtractor.namesImageMap(key)) }
                    if objects.isEmpty, frame.isImageMap || JsonnetExtractor.namesImage(key) {
                        record(start..<end, key: key, path: frame.path + [key],
                               kind: frame.isImageMap ? JsonnetExtractor.mapKind : JsonnetExtractor.kind, into: &collector)
                    }
                }
                index = start
            }
        }

        /// The object literals that stand as terms of a `+` chain at the top of `range`.
        private func objectTerms(_ range: Range<Int>) -> [Int] {
            var found: [Int] = []
            var index = range.lowerBound
            while index < range.upperBound, budget.spend(1, line: tokens[index].line) {
                let token = tokens[index]
                if token.kind == .open {
                    if token.text == "{", index == range.lowerBound || tokens[index - 1].kind == .plus { found.append(index) }
                    guard let close = partner[index] else { break }
                    index = close + 1
                    continue
                }
                index += 1
            }
            return found
        }

        /// Records `name=value` arguments and parameter defaults of the parentheses at `open` whose name
        /// names an image (`new(image='prom/node-exporter:v1.3.1')`, `container.new('x', image='…')`), and
        /// the image positions of k8s-libsonnet's container calls: `container.new(name, image)` and
        /// `withImage(image)`.
        private func recordArguments(of open: Int, path: [String], into collector: inout FactCollector) {
            guard let close = partner[open] else { return }
            let function = open > 0 && tokens[open - 1].kind == .identifier ? tokens[open - 1].text : "function"
            let isDefinition = parameterLists.contains(open)
            if !isDefinition {
                let positional = positionalArguments(open, close)
                let containerNew = function == "new" && open >= 3 && tokens[open - 2].kind == .dot
                    && tokens[open - 3].kind == .identifier && tokens[open - 3].text == "container"
                if containerNew, positional.count >= 2 {
                    record(positional[1], key: "image", path: path + ["container.new(image)"],
                           kind: JsonnetExtractor.argumentKind, into: &collector)
                } else if function == "withImage", positional.count == 1 {
                    record(positional[0], key: "image", path: path + ["withImage(image)"],
                           kind: JsonnetExtractor.argumentKind, into: &collector)
                }
            }
            var index = open + 1
            while index + 1 < close, budget.spend(1, line: tokens[index].line) {
                if tokens[index].kind == .open, let end = partner[index] {
                    index = end + 1
                    continue
                }
                if tokens[index].kind == .identifier, tokens[index + 1].kind == .equals,
                   tokens[index - 1].kind == .comma || index - 1 == open, JsonnetExtractor.namesImage(tokens[index].text) {
                    let start = index + 2
                    let end = Self.expressionEnd(from: start, tokens: tokens, partner: partner, budget: budget)
                    if start < end {
                        record(start..<end, key: tokens[index].text,
                               path: path + ["\(function)(\(tokens[index].text))"],
                               kind: isDefinition ? JsonnetExtractor.parameterKind : JsonnetExtractor.argumentKind,
                               into: &collector)
                    }
                    index = end
                    continue
                }
                index += 1
            }
        }

        /// The arguments of the parentheses `open`…`close` written without a name, in order; empty when a
        /// named argument comes first (positions after it are not counted).
        private func positionalArguments(_ open: Int, _ close: Int) -> [Range<Int>] {
            var arguments: [Range<Int>] = []
            var start = open + 1
            while start < close, budget.spend(1, line: tokens[start].line) {
                if tokens[start].kind == .identifier, start + 1 < close, tokens[start + 1].kind == .equals { break }
                let end = Self.expressionEnd(from: start, tokens: tokens, partner: partner, budget: budget)
                guard end > start, end <= close else { break }
                arguments.append(start..<end)
                guard end < close, tokens[end].kind == .comma else { break }
                start = end + 1
            }
            return arguments
        }

        private func record(_ range: Range<Int>, key: String, path: [String], kind: String, into collector: inout FactCollector) {
            let line = tokens[range.lowerBound].line
            let context = path.joined(separator: ".")
            let raw = source(range)
            switch value(range) {
            case .known(let image):
                guard StrictImageValue.isImage(image, requireTagOrDigest: true) else { return }
                collector.add(kind: kind, line: line, context: context, raw: raw, value: .literal(image))
            case .prefix(let known):
                guard Self.writesRepositoryAndTagStart(known) else { return }
                collector.add(kind: kind, line: line, context: context, raw: raw, value: .unresolved(
                    reason: "the tag is computed by jsonnet (\(raw)); jsonnet is not evaluated"))
            case .unknown:
                return
            }
        }

        /// Whether known text begins an image up to its tag: `repository:` or `repository:v`, the
        /// repository an image by the strict test once a tag follows.
        static func writesRepositoryAndTagStart(_ known: String) -> Bool {
            guard let colon = known.lastIndex(of: ":") else { return false }
            let name = known[..<colon]
            let tagStart = known[known.index(after: colon)...]
            guard !name.contains(":") || name.split(separator: "/").count > 1,
                  !tagStart.contains("/"), tagStart.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
                return false
            }
            return StrictImageValue.isImage(String(name) + ":" + (tagStart.isEmpty ? "0" : String(tagStart)) + (tagStart.isEmpty ? "" : "0"),
                                            requireTagOrDigest: true)
        }
    }
}
