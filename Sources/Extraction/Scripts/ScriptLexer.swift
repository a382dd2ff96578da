/// The command languages whose text census splits into commands and words.
public enum ScriptDialect: Sendable {
    /// POSIX shell and bash (`*.sh`, `*.bash`, CI `script:`/`run:`/`bash:` steps).
    case shell
    /// PowerShell (`*.ps1`, CI `pwsh:`/`powershell:` steps): backtick escapes, `$env:NAME`, `''` in single quotes.
    case powerShell
    /// A Makefile recipe: shell text in which make first expands `$(NAME)`/`${NAME}` and `$$` is a shell `$`.
    case makefileRecipe
}

/// One piece of a word: text, a variable use, or something only a run can compute.
enum ScriptSegment: Equatable {
    /// Text taken literally (quotes and escapes already removed).
    case text(String)
    /// A variable use; `key` is the name the variable table is keyed by (`make:NAME` for make variables,
    /// lower-cased for PowerShell), `written` the text as it stands in the script.
    case variable(key: String, modifier: DollarInterpolation.Modifier?, written: String)
    /// A command substitution, arithmetic, positional parameter or make function; `reason` says why.
    case opaque(reason: String, written: String)

    /// The piece as it stands in the script, quotes removed.
    var written: String {
        switch self {
        case .text(let text): text
        case .variable(_, _, let written), .opaque(_, let written): written
        }
    }
}

/// One word of a command: its pieces and the 1-based line where it starts.
struct ScriptWord: Equatable {
    var segments: [ScriptSegment] = []
    var line: Int

    /// The word as written, quotes removed.
    var raw: String { segments.map(\.written).joined() }

    /// The word when it is plain text throughout, else `nil`.
    var literal: String? {
        var out = ""
        for segment in segments {
            guard case .text(let text) = segment else { return nil }
            out += text
        }
        return out
    }

    /// The text before the first variable or opaque piece (an option name is written there).
    var leadingText: String {
        var out = ""
        for segment in segments {
            guard case .text(let text) = segment else { break }
            out += text
        }
        return out
    }

    /// Whether the word is one unquoted expansion and nothing else (it may expand to several words).
    var isBareVariable = false

    /// The quote (`"` or `'`) the word starts with, when it starts with one.
    var openingQuote: Unicode.Scalar?

    /// Indices into `segments` before which an escaped line break inside double quotes was removed, so a
    /// command string read again (`bash -c "docker run \⏎ image"`) keeps its lines.
    var continuations: [Int] = []
}

/// One simple command: the words between separators (`;`, `&&`, `||`, `|`, `&`, newline, parentheses).
struct ScriptCommand: Equatable {
    var words: [ScriptWord]
    /// Set when the command had more words than the lexer keeps.
    var truncated = false
    /// Set when the command's output is piped (`|`, `|&`) into the next command of the same level.
    var pipesIntoNext = false
    /// Set when a parenthesis ended the command (`if ((Get-FileHash f).Hash -ne $h)`): the next command
    /// belongs to the same expression.
    var endsAtParenthesis = false
    /// Set when the command was read inside a command substitution (`$(…)`) of another command.
    var isSubstitution = false
}

/// Splits script text into commands of words in one pass, the way the shell (or PowerShell) does:
/// quotes, escapes, line continuations, comments and heredoc bodies (which are data, not commands).
/// Expansions are kept as pieces for the caller to resolve; nothing is executed or guessed.
struct ScriptLexer {
    /// More words than this in one command are dropped (no real `docker` command line comes close).
    static let maxWordsPerCommand = 1000

    private let scalars: [Unicode.Scalar]
    private let dialect: ScriptDialect
    private let budget: ExtractionBudget
    private var index = 0
    private var line: Int
    private var commands: [ScriptCommand] = []
    private var words: [ScriptWord] = []
    private var truncated = false
    private var word: ScriptWord?
    private var pendingText = ""
    private var heredocs: [(delimiter: String, stripTabs: Bool)] = []
    /// How many command substitutions this text is inside.
    private var depth = 0
    /// Commands read inside `$(…)` of the current command, reported after it.
    private var substitutions: [ScriptCommand] = []
    /// Command substitutions nested deeper than this are not read (each level reads its text again).
    static let maxSubstitutionDepth = 2

    private init(text: String, dialect: ScriptDialect, firstLine: Int, budget: ExtractionBudget) {
        self.scalars = Array(text.unicodeScalars)
        self.dialect = dialect
        self.line = firstLine
        self.budget = budget
    }

    /// The commands of `text`, whose first line is line `firstLine` of its file. Stops when `budget` is spent.
    static func commands(in text: String, dialect: ScriptDialect, firstLine: Int = 1,
                         budget: ExtractionBudget) -> [ScriptCommand] {
        var lexer = ScriptLexer(text: text, dialect: dialect, firstLine: firstLine, budget: budget)
        lexer.run()
        return lexer.commands
    }

    private var escapeCharacter: Unicode.Scalar { dialect == .powerShell ? "`" : "\\" }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func run() {
        while index < scalars.count {
            guard budget.spend(1, line: line) else { break }
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                endWord()
                index += 1
                line += 1
                endCommand()
                if !heredocs.isEmpty { skipHeredocBodies() }
            case " ", "\t", "\r":
                endWord()
                index += 1
            case "|":
                endWord()
                if peek(1) == "|" {
                    // `||` runs the next command only on failure: no data flows between them.
                    endCommand()
                    index += 2
                } else {
                    endCommand(pipes: true)
                    index += peek(1) == "&" && dialect != .powerShell ? 2 : 1
                }
            case "(", ")":
                endWord()
                endCommand(parenthesis: true)
                index += 1
            case ";", "&":
                endWord()
                endCommand()
                index += 1
            case "{" where dialect == .powerShell, "}" where dialect == .powerShell:
                endWord()
                endCommand()
                index += 1
            case "#" where word == nil:
                skipToEndOfLine()
            case "<" where dialect == .powerShell && peek(1) == "#":
                endWord()
                skipBlockComment()
            case "<" where dialect == .shell && peek(1) == "<" && peek(2) != "<":
                endWord()
                index += 2
                readHeredocOperator()
            case "<", ">":
                endWord()
                index += 1
                // `2>&1`, `>&2`: the `&` belongs to the redirection, it does not end the command.
                if peek() == "&" {
                    index += 1
                    while let next = peek(), ("0"..."9").contains(next) || next == "-" { index += 1 }
                }
            case escapeCharacter:
                if peek(1) == "\n" {
                    index += 2
                    line += 1
                } else if peek(1) == "\r", peek(2) == "\n" {
                    index += 3
                    line += 1
                } else {
                    startWord()
                    if let next = peek(1) { pendingText.unicodeScalars.append(next) }
                    index += 2
                }
            case "'":
                startWord(quote: "'")
                index += 1
                singleQuoted()
            case "\"":
                startWord(quote: "\"")
                index += 1
                doubleQuoted()
            case "`":
                // Shell command substitution (PowerShell's backtick is its escape, handled above).
                startWord()
                let start = index
                index += 1
                while index < scalars.count, scalars[index] != "`", budget.spend(1, line: line) {
                    if scalars[index] == "\n" { line += 1 }
                    if scalars[index] == "\\" { index += 1 }
                    index += 1
                }
                index += 1
                appendOpaque("command substitution is run when the script runs", from: start)
            case "$":
                startWord()
                dollar(quoted: false)
            default:
                startWord()
                // The ordinary characters that follow join the word at once, each still one step, as
                // this loop would take them one by one; near the end of the budget, one at a time.
                var end = index + 1
                while end < scalars.count, !Self.mayEndPlainRun(scalars[end]) { end += 1 }
                if end - index > 1, budget.hasRoom(for: end - index - 1) {
                    budget.spend(end - index - 1, line: line)
                    var run = ""
                    run.reserveCapacity(end - index)
                    for position in index..<end { run.unicodeScalars.append(scalars[position]) }
                    pendingText += run
                    index = end
                } else {
                    pendingText.unicodeScalars.append(scalar)
                    index += 1
                }
            }
        }
        endWord()
        endCommand()
    }

    /// Whether `scalar` may be more than a character of the current word in any dialect (a superset of
    /// the cases of `run()`): a run of plain characters stops before it.
    private static func mayEndPlainRun(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x20, 0x09, 0x0D, 0x7C, 0x28, 0x29, 0x3B, 0x26, 0x7B, 0x7D, 0x23, 0x3C, 0x3E, 0x5C, 0x60, 0x27, 0x22, 0x24: true
        default: false
        }
    }

    // MARK: Words and commands

    private mutating func startWord(quote: Unicode.Scalar? = nil) {
        if word == nil { word = ScriptWord(line: line, openingQuote: quote) }
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        word?.segments.append(.text(pendingText))
        pendingText = ""
    }

    private mutating func endWord() {
        flushText()
        guard var finished = word else { return }
        word = nil
        if finished.segments.isEmpty { finished.segments = [.text("")] }
        if words.count < Self.maxWordsPerCommand {
            words.append(finished)
        } else {
            truncated = true
        }
    }

    private mutating func endCommand(pipes: Bool = false, parenthesis: Bool = false) {
        if !words.isEmpty {
            commands.append(ScriptCommand(words: words, truncated: truncated, pipesIntoNext: pipes,
                                          endsAtParenthesis: parenthesis, isSubstitution: depth > 0))
        }
        commands += substitutions
        substitutions = []
        words = []
        truncated = false
    }

    private mutating func appendOpaque(_ reason: String, from start: Int) {
        flushText()
        let end = min(index, scalars.count)
        let written = String(String.UnicodeScalarView(scalars[start..<end]))
        word?.segments.append(.opaque(reason: reason, written: written))
    }

    // MARK: Quotes

    private mutating func singleQuoted() {
        while index < scalars.count, budget.spend(1, line: line) {
            let scalar = scalars[index]
            if scalar == "'" {
                if dialect == .powerShell, peek(1) == "'" {
                    pendingText.append("'")
                    index += 2
                    continue
                }
                index += 1
                return
            }
            if scalar == "$", dialect == .makefileRecipe {
                // make expands its variables before the shell sees the quotes.
                dollar(quoted: true)
                continue
            }
            if scalar == "\n" { line += 1 }
            pendingText.unicodeScalars.append(scalar)
            index += 1
        }
    }

    private mutating func doubleQuoted() {
        while index < scalars.count, budget.spend(1, line: line) {
            let scalar = scalars[index]
            if scalar == "\"" {
                if dialect == .powerShell, peek(1) == "\"" {
                    pendingText.append("\"")
                    index += 2
                    continue
                }
                index += 1
                return
            }
            if scalar == escapeCharacter, let next = peek(1) {
                if next == "\n" {
                    flushText()
                    if let count = word?.segments.count { word?.continuations.append(count) }
                    line += 1
                    index += 2
                    continue
                }
                if dialect == .powerShell || "$`\"\\".unicodeScalars.contains(next) {
                    pendingText.unicodeScalars.append(next)
                    index += 2
                    continue
                }
            }
            if scalar == "$" {
                dollar(quoted: true)
                continue
            }
            if scalar == "`", dialect != .powerShell {
                let start = index
                index += 1
                while index < scalars.count, scalars[index] != "`", budget.spend(1, line: line) {
                    if scalars[index] == "\n" { line += 1 }
                    index += 1
                }
                index += 1
                appendOpaque("command substitution is run when the script runs", from: start)
                continue
            }
            if scalar == "\n" { line += 1 }
            pendingText.unicodeScalars.append(scalar)
            index += 1
        }
    }

    // MARK: Expansions

    /// Reads an expansion starting at the `$` under `index`.
    private mutating func dollar(quoted: Bool) {
        let start = index
        // PowerShell passes a variable as one argument whatever it holds; the shell splits it into words.
        let bare = !quoted && dialect != .powerShell && word?.segments.isEmpty == true && pendingText.isEmpty
        switch dialect {
        case .shell: shellDollar(start: start)
        case .powerShell: powerShellDollar(start: start)
        case .makefileRecipe:
            if peek(1) == "$" {
                // `$$` is the shell's `$`: what follows is a shell expansion, made at run time.
                index += 1
                let shellStart = index
                shellDollar(start: shellStart)
                if case .variable(_, _, let written)? = word?.segments.last {
                    word?.segments.removeLast()
                    word?.segments.append(.opaque(
                        reason: "shell variable \(written) in a make recipe is set when the recipe runs", written: "$" + written))
                }
            } else {
                makeDollar(start: start)
            }
        }
        if bare, index >= scalars.count || isWordEnd(scalars[index]), word?.segments.count == 1, pendingText.isEmpty {
            switch word?.segments.first {
            case .variable?, .opaque?: word?.isBareVariable = true
            default: break
            }
        }
    }

    private func isWordEnd(_ scalar: Unicode.Scalar) -> Bool {
        " \t\r\n;|&()<>".unicodeScalars.contains(scalar)
    }

    private mutating func shellDollar(start: Int) {
        guard let next = peek(1) else {
            pendingText.append("$")
            index += 1
            return
        }
        if next == "{" {
            guard let close = closing(of: "{", to: "}", from: index + 1) else {
                pendingText.append("$")
                index += 1
                return
            }
            let body = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
            index = close + 1
            flushText()
            let written = String(String.UnicodeScalarView(scalars[start..<index]))
            word?.segments.append(Self.braced(body, written: written, keyPrefix: ""))
        } else if next == "(" {
            let arithmetic = peek(2) == "("
            substitution(start: start, readCommands: !arithmetic, reason: arithmetic
                ? "arithmetic is computed when the script runs" : "command substitution is run when the script runs")
        } else if Self.isNameStart(next) {
            index += 1
            while index < scalars.count, Self.isNameCharacter(scalars[index]) { index += 1 }
            let name = String(String.UnicodeScalarView(scalars[(start + 1)..<index]))
            flushText()
            word?.segments.append(.variable(key: name, modifier: nil, written: "$" + name))
        } else if ("0"..."9").contains(next) || "@*#?$!-".unicodeScalars.contains(next) {
            index += 2
            appendOpaque("positional or special parameter is set when the script runs", from: start)
        } else {
            pendingText.append("$")
            index += 1
        }
    }

    private mutating func powerShellDollar(start: Int) {
        guard let next = peek(1) else {
            pendingText.append("$")
            index += 1
            return
        }
        if next == "{", let close = closing(of: "{", to: "}", from: index + 1) {
            let name = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
            index = close + 1
            flushText()
            let written = String(String.UnicodeScalarView(scalars[start..<index]))
            word?.segments.append(.variable(key: Self.powerShellKey(name), modifier: nil, written: written))
        } else if next == "(" {
            substitution(start: start, readCommands: true, reason: "subexpression is evaluated when the script runs")
        } else if Self.isNameStart(next) {
            index += 1
            while index < scalars.count,
                  Self.isNameCharacter(scalars[index]) || (scalars[index] == ":" && peek(1).map(Self.isNameStart) == true) {
                index += 1
            }
            let name = String(String.UnicodeScalarView(scalars[(start + 1)..<index]))
            flushText()
            word?.segments.append(.variable(key: Self.powerShellKey(name), modifier: nil, written: "$" + name))
        } else {
            pendingText.append("$")
            index += 1
        }
    }

    /// Reads `$(…)` from the `$` at `start`: an opaque piece of the word, and, when `readCommands`, the
    /// commands inside, which run too (`ID=$(docker create image)`), a few levels deep at most.
    private mutating func substitution(start: Int, readCommands: Bool, reason: String) {
        let startLine = line
        let close = closing(of: "(", to: ")", from: index + 1) ?? scalars.count
        if readCommands, depth < Self.maxSubstitutionDepth, close > index + 2 {
            let inner = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
            var nested = ScriptLexer(text: inner, dialect: dialect, firstLine: startLine, budget: budget)
            nested.depth = depth + 1
            nested.run()
            substitutions += nested.commands
        }
        advance(to: min(close, scalars.count - 1) + 1)
        appendOpaque(reason, from: start)
    }

    private mutating func makeDollar(start: Int) {
        guard let next = peek(1) else {
            pendingText.append("$")
            index += 1
            return
        }
        if next == "(" || next == "{" {
            let closer: Unicode.Scalar = next == "(" ? ")" : "}"
            guard let close = closing(of: next, to: closer, from: index + 1) else {
                pendingText.append("$")
                index += 1
                return
            }
            let body = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
            advance(to: close + 1)
            flushText()
            let written = String(String.UnicodeScalarView(scalars[start..<index]))
            if body.unicodeScalars.allSatisfy({ Self.isMakeNameCharacter($0) }), !body.isEmpty {
                word?.segments.append(.variable(key: "make:" + body, modifier: nil, written: written))
            } else {
                word?.segments.append(.opaque(reason: "make function or substitution \(written) is evaluated when make runs",
                                              written: written))
            }
        } else {
            index += 2
            appendOpaque("make automatic variable is set when the recipe runs", from: start)
        }
    }

    /// The segment of a shell `${…}` whose inside is `body`: a variable with an optional `-`/`+`/`?`/`=`
    /// modifier, or opaque for the rest (`${#x}`, `${x/a/b}`, `${x%suffix}`, …), which only a run computes.
    static func braced(_ body: String, written: String, keyPrefix: String) -> ScriptSegment {
        let scalars = Array(body.unicodeScalars)
        var end = 0
        while end < scalars.count, isNameCharacter(scalars[end]) { end += 1 }
        let operation = scalars[end...].drop { $0 == ":" }.first
        guard end > 0, isNameStart(scalars[0]),
              end == scalars.count || operation.map({ "-+?=".unicodeScalars.contains($0) }) == true,
              scalars.count - end <= 2 || scalars[end] != ":" || scalars[end + 1] != ":" else {
            return .opaque(reason: "parameter expansion \(written) is computed when the script runs", written: written)
        }
        // `${X:=word}` assigns and uses the word when X is unset, which reads like `${X:-word}` here.
        let normalized = body.replacingOccurrences(of: ":=", with: ":-")
        guard case .variable(let name, let modifier, _)? = DollarInterpolation.tokens("${" + normalized + "}").first else {
            return .opaque(reason: "parameter expansion \(written) is computed when the script runs", written: written)
        }
        return .variable(key: keyPrefix + name, modifier: modifier, written: written)
    }

    /// Moves to `target`, counting the lines passed.
    private mutating func advance(to target: Int) {
        let end = min(target, scalars.count)
        while index < end {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
    }

    /// The index of the `closer` matching the `opener` at `from`, counting nesting, within the budget.
    private func closing(of opener: Unicode.Scalar, to closer: Unicode.Scalar, from: Int) -> Int? {
        var depth = 0
        var position = from
        while position < scalars.count, budget.spend(1, line: line) {
            let scalar = scalars[position]
            if scalar == opener { depth += 1 }
            if scalar == closer {
                depth -= 1
                if depth == 0 { return position }
            }
            if scalar == "\n", opener == "{" { return nil }
            position += 1
        }
        return nil
    }

    // MARK: Comments and heredocs

    private mutating func skipToEndOfLine() {
        while index < scalars.count, scalars[index] != "\n", budget.spend(1, line: line) { index += 1 }
    }

    private mutating func skipBlockComment() {
        index += 2
        while index < scalars.count, budget.spend(1, line: line) {
            if scalars[index] == "#", peek(1) == ">" {
                index += 2
                return
            }
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
    }

    /// Reads the delimiter after `<<` (or `<<-`), quoted or not; the body starts on the next line.
    private mutating func readHeredocOperator() {
        var stripTabs = false
        if peek() == "-" {
            stripTabs = true
            index += 1
        }
        while peek() == " " || peek() == "\t" { index += 1 }
        var delimiter = ""
        while let scalar = peek(), !isWordEnd(scalar), budget.spend(1, line: line) {
            if scalar != "'", scalar != "\"", scalar != "\\" { delimiter.unicodeScalars.append(scalar) }
            index += 1
        }
        if !delimiter.isEmpty { heredocs.append((delimiter, stripTabs)) }
    }

    /// Skips the bodies of the heredocs opened on the line just ended: their text is data for a command.
    private mutating func skipHeredocBodies() {
        for heredoc in heredocs {
            while index < scalars.count, budget.spend(1, line: line) {
                var end = index
                while end < scalars.count, scalars[end] != "\n" { end += 1 }
                var text = String(String.UnicodeScalarView(scalars[index..<end]))
                if text.hasSuffix("\r") { text.removeLast() }
                budget.spend(end - index, line: line)
                index = min(end + 1, scalars.count)
                line += 1
                let candidate = heredoc.stripTabs ? String(text.drop { $0 == "\t" }) : text
                if candidate == heredoc.delimiter { break }
            }
        }
        heredocs = []
    }

    // MARK: Names

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isMakeNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameCharacter(scalar) || scalar == "-" || scalar == "."
    }

    /// PowerShell names ignore case; `$script:x`/`$global:x` are the script's `x`, `$env:X` stays apart.
    static func powerShellKey(_ name: String) -> String {
        let lower = name.lowercased()
        for scope in ["script:", "global:", "local:", "private:"] where lower.hasPrefix(scope) {
            return "ps:" + String(lower.dropFirst(scope.count))
        }
        return "ps:" + lower
    }
}
