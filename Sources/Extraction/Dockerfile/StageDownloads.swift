/// The files one build stage downloads (`curl`, `wget`, `Invoke-WebRequest`, `ADD <url>`) and whether the
/// stage checks each one, for the `unverified-download` rule (docs/policy.md).
///
/// A download is verified when the stage checks that very file: a checksum check (`sha256sum -c`,
/// `sha384sum`/`sha512sum`/`sha224sum`/`b2sum`/`shasum` with `-c`/`--check`), a signature check (`gpg --verify`,
/// `gpgv`) or a compared `Get-FileHash` (with `-eq`/`-ne`) whose pipeline names the file: its name, or a name
/// made of it and an extension (`node.tar.gz.sha256`, `node.tar.gz.asc`), in a word of the checking command
/// or of a command piped into it (`echo "$SHA  node.tar.gz" | sha256sum -c -`). A checksum of another file
/// verifies nothing. A download handed to the package manager's trust (a key piped into `gpg --dearmor`,
/// `gpg --import`, `apt-key add`, `rpm --import`, or written under `/etc/apt/`, `/usr/share/keyrings/`,
/// `/etc/yum.repos.d/`, `/etc/pki/rpm-gpg/`, `/etc/zypp/`, `/etc/apk/`) serves a distro package manager,
/// which checks what it installs; it is not reported. Output piped into a shell (`| sh`, `| bash`,
/// `| iex`) runs before anything can check it.
///
/// Only addresses written in the file count: a literal `http(s)://`/`ftp://` word, or one the stage's
/// ARG/ENV values turn into one. Every pass is linear in the commands read.
struct StageDownloads {
    /// Where the downloaded bytes go.
    enum Sink: Equatable {
        /// Written to a file, named as written (`/tmp/node.tar.gz`, `$FILE`).
        case file(String)
        /// Piped into a shell or interpreter that runs them (`sh`, `bash`, `iex`).
        case shell(String)
        /// Piped into the package manager's or gpg's key handling.
        case trust
        /// Piped into a checksum tool: the list of checksums a check reads.
        case checksumList
        /// Read as text: piped into a text filter (`curl -s …/releases/latest | jq -r .tag_name`) or captured
        /// in a variable (`VERSION=$(curl -s …)`); nothing is installed from it.
        case text
        /// Printed, or piped into something else (`tar -xz`).
        case stream
    }

    /// One download as written.
    struct Download {
        /// The address as written, quotes removed.
        var written: String
        /// The address once the stage's ARG/ENV values are substituted (the written one when they cannot be).
        var url: String
        var line: Int
        /// The program or instruction (`curl`, `wget`, `Invoke-WebRequest`, `ADD`).
        var tool: String
        var sink: Sink
        /// Whether the output is piped into another command.
        var piped = false
        /// The RUN (or ADD) instruction it belongs to, counted from 0 in the stage.
        var run = 0
        /// For a file named after the URL: the name after the stage's ARG/ENV values are substituted, when
        /// it differs from the name as written (a check may write either).
        var substitutedName: String?
        /// `ADD --checksum=…` or a git source pinned to a commit: checked by BuildKit itself.
        var checkedByBuilder = false
    }

    /// A pipeline (commands joined by `|` or parentheses) and the words of all its commands.
    private struct Statement {
        var commands: [ScriptCommand]
        /// For the commands of a `$(…)`: the command whose word holds it, which gets their output.
        var capturedBy: ScriptCommand?
        var words: [String] { commands.flatMap { $0.words.map(\.raw) } }
    }

    private(set) var downloads: [Download] = []
    /// Downloads and checks past the limits below, which were not kept (the stage gets a warning).
    private(set) var dropped = 0
    /// Words of each statement that checks a checksum or a signature.
    private var checks: [[String]] = []
    /// The checksum lists (`sha512sum -c LIST`) each RUN checks against, as written.
    private var checksumLists: [(run: Int, list: String)] = []
    /// The RUN being read.
    private var run = 0
    /// Words of each statement computing a `Get-FileHash` without comparing it, with its RUN and the
    /// variable it assigns the hash to (`$actual = (Get-FileHash f).Hash`).
    private var fileHashes: [(run: Int, words: [String], variable: String)] = []
    /// Words of each statement of a RUN that compares with `-eq`/`-ne` (`if ($expected -ne $actual)`).
    private var comparisons: [(run: Int, words: [String])] = []
    /// Words of each statement that hands a file to a package manager's or gpg's keys.
    private var trusts: [[String]] = []

    /// Downloads kept per stage at most; later ones are dropped (no real stage comes close).
    static let maxDownloads = 1000
    /// Checking statements kept per stage at most.
    static let maxChecks = 1000

    /// Programs that run a command string (`bash -c "…"`, `powershell -Command "…"`, `eval`, `iex`).
    static let runsCommandStrings: Set<String> = ["sh", "bash", "zsh", "dash", "ash", "ksh", "pwsh", "powershell", "eval",
                                                  "invoke-expression", "iex"]
    static let downloaders: Set<String> = ["curl", "wget", "invoke-webrequest", "iwr", "invoke-restmethod", "irm"]
    /// Programs that run what is piped into them: shells, PowerShell's `iex`, script interpreters.
    static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ash", "ksh", "iex", "invoke-expression", "pwsh", "powershell",
                                      "python", "python2", "python3", "perl", "ruby", "node", "php"]
    static let checksumTools: Set<String> = ["sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum", "shasum"]
    static let comparisonOperators: Set<String> = ["-eq", "-ne", "-ceq", "-cne", "-ieq", "-ine"]
    /// Where package managers keep their sources and keys.
    static let trustedPaths = ["/etc/apt/", "/usr/share/keyrings/", "/etc/yum.repos.d/", "/etc/pki/rpm-gpg/",
                               "/etc/zypp/", "/etc/apk/"]
    static let schemes = ["http://", "https://", "ftp://"]

    // MARK: Reading

    /// Reads one script of the stage (a RUN's command line or here-document) in `dialect`, whose first line
    /// is `firstLine` of the file; `expand` substitutes the stage's ARG/ENV values into a word, or gives nil.
    mutating func read(script: String, dialect: ScriptDialect, firstLine: Int, budget: ExtractionBudget,
                       expand: (String) -> String?, depth: Int = 0) {
        // Most RUNs download and check nothing: one pass over the bytes spares them the lexer.
        guard Self.mayMatter(script) else { return }
        let commands = ScriptLexer.commands(in: script, dialect: dialect, firstLine: firstLine, budget: budget)
        for statement in Self.statements(commands) {
            read(statement, dialect: dialect, budget: budget, expand: expand, depth: depth)
        }
    }

    /// Words at least one of which a script that downloads, checks or trusts a file holds (lowercased).
    static let relevantWords = ["curl", "wget", "iwr", "irm", "invoke-", "sum", "gpg", "get-filehash", "apt-key", "rpm",
                                "-eq", "-ne", "-ceq", "-cne", "-ieq", "-ine"]

    /// Whether `script` may download, check or trust a file: it holds one of `relevantWords`, in any case.
    /// One pass over its bytes per word (the words are ASCII).
    static func mayMatter(_ script: String) -> Bool {
        let lower = script.lowercased()
        return relevantWords.contains { lower.containsBytes(of: $0) }
    }

    /// Starts the next instruction: what follows belongs to another RUN.
    mutating func nextInstruction() { run += 1 }

    /// Records `ADD <url>`: `checked` when it carries `--checksum=` or names a git commit.
    mutating func addSource(written: String, url: String, line: Int, checked: Bool) {
        guard downloads.count < Self.maxDownloads else {
            dropped += 1
            return
        }
        downloads.append(Download(written: written, url: url, line: line, tool: "ADD", sink: .stream, run: run,
                                  checkedByBuilder: checked))
    }

    /// Commands grouped into pipelines: a command joins the one before when that one pipes into it or
    /// was cut off by a parenthesis (`if ((Get-FileHash f).Hash -ne $h)`). Substitutions stand alone.
    private static func statements(_ commands: [ScriptCommand]) -> [Statement] {
        var statements: [Statement] = []
        var current = Statement(commands: [])
        var joins = false
        // The commands of a substitution follow the command holding it (`VERSION=$(curl -s … | jq …)`).
        var substitution = Statement(commands: [])
        var substitutionJoins = false
        var parent: ScriptCommand?
        for command in commands {
            if command.isSubstitution {
                if !substitutionJoins, !substitution.commands.isEmpty {
                    statements.append(substitution)
                    substitution = Statement(commands: [])
                }
                substitution.commands.append(command)
                substitution.capturedBy = parent
                substitutionJoins = command.pipesIntoNext || command.endsAtParenthesis
                continue
            }
            if !substitution.commands.isEmpty {
                statements.append(substitution)
                substitution = Statement(commands: [])
            }
            substitutionJoins = false
            if !joins, !current.commands.isEmpty {
                statements.append(current)
                current = Statement(commands: [])
            }
            current.commands.append(command)
            parent = command
            joins = command.pipesIntoNext || command.endsAtParenthesis
        }
        if !current.commands.isEmpty { statements.append(current) }
        if !substitution.commands.isEmpty { statements.append(substitution) }
        return statements
    }

    private mutating func read(_ statement: Statement, dialect: ScriptDialect, budget: ExtractionBudget,
                               expand: (String) -> String?, depth: Int) {
        let programs = statement.commands.map(Self.program)
        let words = statement.words
        let lowered = words.map { $0.lowercased() }
        if Self.isCheck(programs: programs, statement: statement, lowered: lowered) {
            if checks.count < Self.maxChecks { checks.append(words) } else { dropped += 1 }
            for list in Self.checksumLists(programs: programs, statement: statement) where checksumLists.count < Self.maxChecks {
                checksumLists.append((run, list))
            }
        }
        let compares = lowered.contains(where: Self.comparisonOperators.contains)
        if lowered.contains("get-filehash") {
            if compares {
                // `if ((Get-FileHash f).Hash -ne $sha)`: the hash is compared where it is computed.
                if checks.count < Self.maxChecks { checks.append(words) } else { dropped += 1 }
            } else if words.count > 2, words[0].hasPrefix("$"), words[1] == "=" {
                if fileHashes.count < Self.maxChecks { fileHashes.append((run, words, words[0].lowercased())) } else { dropped += 1 }
            }
        } else if compares {
            if comparisons.count < Self.maxChecks { comparisons.append((run, lowered)) } else { dropped += 1 }
        }
        if Self.isTrust(programs: programs, lowered: lowered) {
            if trusts.count < Self.maxChecks { trusts.append(words) } else { dropped += 1 }
        }
        for (index, command) in statement.commands.enumerated() {
            guard let program = programs[index] else { continue }
            if Self.downloaders.contains(program.name) {
                let next = statement.commands.indices.contains(index + 1) && command.pipesIntoNext
                    ? programs[index + 1].map { (command: statement.commands[index + 1], program: $0) } : nil
                recordDownload(command, program: program, pipedInto: next,
                               capturedBy: statement.capturedBy.flatMap(Self.program)?.name, expand: expand)
            } else if depth < ScriptCommandString.maxDepth, Self.runsCommandStrings.contains(program.name),
                      let string = ScriptCommandString.of(command, dialect: dialect) {
                // `bash -c "curl … | sh"`, `powershell -Command "Invoke-WebRequest …"`.
                read(script: string.text, dialect: string.dialect, firstLine: string.line, budget: budget,
                     expand: expand, depth: depth + 1)
            }
        }
    }

    /// The program a command runs (lowercased, without folder or `.exe`) and the index of its first argument.
    private static func program(_ command: ScriptCommand) -> (name: String, argumentsFrom: Int)? {
        let words = command.words
        var position = 0
        var afterPrefix = false
        while position < words.count, let text = words[position].literal,
              DockerCommandLine.isAssignmentWord(words[position])
                || ["sudo", "exec", "command", "nohup", "time", "env", "&"].contains(text)
                || (afterPrefix && text.hasPrefix("-")) {
            // `sudo -E bash`, `env -i sh`: the prefix's own options come before the program.
            afterPrefix = !DockerCommandLine.isAssignmentWord(words[position])
            position += 1
        }
        guard position < words.count else { return nil }
        var name = words[position].raw.lowercased()
        if let slash = name.lastIndex(where: { $0 == "/" || $0 == "\\" }) { name = String(name[name.index(after: slash)...]) }
        if name.hasSuffix(".exe") { name.removeLast(4) }
        return (name, position + 1)
    }

    private static func isCheck(programs: [(name: String, argumentsFrom: Int)?], statement: Statement, lowered: [String]) -> Bool {
        for (index, program) in programs.enumerated() {
            guard let program else { continue }
            let arguments = statement.commands[index].words.dropFirst(program.argumentsFrom).map { $0.raw }
            if checksumTools.contains(program.name), arguments.contains(where: isCheckOption) { return true }
            if program.name == "gpgv" { return true }
            // `gpg --decrypt` of a clear-signed file (`SHASUMS256.txt.asc`) checks its signature too.
            if program.name == "gpg" || program.name == "gpg2",
               arguments.contains(where: { ["--verify", "--decrypt", "-d"].contains($0) }) { return true }
        }
        // A PowerShell `Get-FileHash` is a check when its RUN compares (see `fileHashes`).
        return false
    }

    /// The files a checksum tool checks against (`sha512sum -c LIST --ignore-missing` gives `LIST`); not standard input.
    private static func checksumLists(programs: [(name: String, argumentsFrom: Int)?], statement: Statement) -> [String] {
        var lists: [String] = []
        for (index, program) in programs.enumerated() {
            guard let program, checksumTools.contains(program.name) else { continue }
            let arguments = statement.commands[index].words.dropFirst(program.argumentsFrom).map(\.raw)
            var skipsValue = false
            for argument in arguments {
                if skipsValue {
                    skipsValue = false
                    continue
                }
                if argument == "-a" || argument == "--algorithm" {
                    skipsValue = true // shasum -a 256
                    continue
                }
                if argument.hasPrefix("-") || argument.isEmpty { continue }
                lists.append(argument)
            }
        }
        return lists
    }

    /// `-c`, `--check`, or a short-option cluster holding `c` (`-sc`).
    private static func isCheckOption(_ word: String) -> Bool {
        if word == "--check" { return true }
        guard word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 1 else { return false }
        return word.dropFirst().allSatisfy(\.isLetter) && word.contains("c")
    }

    private static func isTrust(programs: [(name: String, argumentsFrom: Int)?], lowered: [String]) -> Bool {
        for program in programs.compactMap({ $0 }) {
            switch program.name {
            case "apt-key": if lowered.contains("add") { return true }
            case "gpg", "gpg2": if lowered.contains("--dearmor") || lowered.contains("--dearmour") || lowered.contains("--import") { return true }
            case "rpm", "rpmkeys": if lowered.contains("--import") { return true }
            default: break
            }
        }
        return false
    }

    private mutating func recordDownload(_ command: ScriptCommand, program: (name: String, argumentsFrom: Int),
                                         pipedInto next: (command: ScriptCommand, program: (name: String, argumentsFrom: Int))?,
                                         capturedBy: String?, expand: (String) -> String?) {
        let arguments = Array(command.words.dropFirst(program.argumentsFrom))
        let output = Self.outputFile(of: program.name, arguments: arguments)
        for (position, word) in arguments.enumerated() {
            let written = word.raw
            // `--proxy http://…`, `--referer http://…`: an address that is not the download.
            if position > 0, Self.optionsTakingAddresses.contains(arguments[position - 1].raw) { continue }
            let url: String
            if let expanded = expand(written), Self.isURL(expanded) {
                url = expanded
            } else if Self.isURL(written) {
                url = written
            } else {
                continue
            }
            guard downloads.count < Self.maxDownloads else {
                dropped += 1
                return
            }
            let sink: Sink
            let namedAfterURL = output == Self.remoteName || (output == nil && program.name == "wget")
            let substitutedName = Self.lastPathComponent(of: url)
            let writtenName = Self.lastPathComponent(of: written) ?? substitutedName
            if namedAfterURL, let writtenName {
                sink = .file(writtenName)
            } else if let output, output != "-", output != Self.remoteName {
                sink = .file(output)
            } else if let next {
                sink = Self.sink(pipedInto: next.command, program: next.program)
            } else if let capturedBy {
                // `bash -c "$(curl -fsSL …)"` runs what it captures; `VERSION=$(curl -s …)` keeps text.
                sink = Self.shells.contains(capturedBy) || capturedBy == "eval" ? .shell(capturedBy) : .text
            } else {
                sink = .stream
            }
            downloads.append(Download(written: written, url: url, line: word.line, tool: Self.toolName(program.name), sink: sink,
                                      piped: next != nil, run: run,
                                      substitutedName: namedAfterURL && substitutedName != writtenName ? substitutedName : nil))
        }
    }

    /// What a download piped into `command` becomes.
    private static func sink(pipedInto command: ScriptCommand, program: (name: String, argumentsFrom: Int)) -> Sink {
        if shells.contains(program.name) { return .shell(program.name) }
        if ["gpg", "gpg2", "apt-key", "rpm", "rpmkeys"].contains(program.name) { return .trust }
        if checksumTools.contains(program.name) { return .checksumList }
        if textFilters.contains(program.name) { return .text }
        if program.name == "tee",
           command.words.dropFirst(program.argumentsFrom).contains(where: { word in trustedPaths.contains { word.raw.hasPrefix($0) } }) {
            return .trust
        }
        return .stream
    }

    /// Programs that read text (a version number, a tag name) out of what is piped into them.
    static let textFilters: Set<String> = ["grep", "egrep", "jq", "awk", "sed", "cut", "head", "tail", "tr", "wc", "sort",
                                           "convertfrom-json", "select-string", "select-object"]

    /// Options of curl and wget whose value is an address other than the download's.
    static let optionsTakingAddresses: Set<String> = ["-x", "--proxy", "-e", "--referer", "--preproxy", "-H", "--header"]

    /// curl's short options that take a value: the rest of a cluster after one is that value.
    private static let curlValueOptions = Set("dDeEFHKmrTuUwxXyYzAbcCPQt")

    /// What `outputFile` gives for curl's `-O`/`--remote-name`: each URL is written to a file named after it.
    static let remoteName = "\u{0}remote-name"

    /// The file a download writes, as written; `-` for standard output; `remoteName` for curl `-O`; nil when
    /// the program prints it (curl without `-o`/`-O`, `Invoke-WebRequest` without `-OutFile`) or names it
    /// after the URL (wget).
    static func outputFile(of program: String, arguments: [ScriptWord]) -> String? {
        var index = 0
        while index < arguments.count {
            let word = arguments[index].raw
            let following = index + 1 < arguments.count ? arguments[index + 1].raw : nil
            index += 1
            switch program {
            case "curl":
                if word == "--output" { return following }
                if word == "-O" || word == "--remote-name" || word == "--remote-name-all" { return remoteName }
                if let cluster = shortCluster(word) {
                    for position in cluster.indices {
                        let letter = cluster[position]
                        if letter == "o" {
                            let rest = cluster[cluster.index(after: position)...]
                            return rest.isEmpty ? following : String(rest)
                        }
                        if letter == "O" { return remoteName }
                        if curlValueOptions.contains(letter) { break }
                    }
                }
            case "wget":
                if word.hasPrefix("--output-document=") { return String(word.dropFirst("--output-document=".count)) }
                if word == "--output-document" { return following }
                if let cluster = shortCluster(word), let o = cluster.firstIndex(of: "O") {
                    let rest = cluster[cluster.index(after: o)...]
                    return rest.isEmpty ? following : String(rest)
                }
                if word.hasPrefix("-O"), word.count > 2 { return String(word.dropFirst(2)) }
            default:
                // PowerShell parameters may be shortened: `-OutF`, `-OutFile`.
                let lower = word.lowercased()
                if lower.count >= 5, "-outfile".hasPrefix(lower) { return following }
            }
        }
        return nil
    }

    /// The letters of a short-option cluster (`-fsSLo` gives `fsSLo`), or nil.
    private static func shortCluster(_ word: String) -> Substring? {
        guard word.hasPrefix("-"), !word.hasPrefix("--"), word.count > 1 else { return nil }
        let letters = word.dropFirst()
        guard let first = letters.first, first.isLetter else { return nil }
        return letters
    }

    static func isURL(_ text: String) -> Bool {
        let lower = text.prefix(8).lowercased()
        return schemes.contains { lower.hasPrefix($0) } && text.count > 8
    }

    /// The last segment of a URL's path (query and fragment dropped), or nil when it has none.
    static func lastPathComponent(of url: String) -> String? {
        var path = Substring(url)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        guard let schemeEnd = path.rangeOfBytes("://") else { return nil }
        let afterHost = path[schemeEnd.upperBound...]
        guard let slash = afterHost.firstIndex(of: "/") else { return nil }
        let last = afterHost[slash...].split(separator: "/").last.map(String.init)
        return last?.isEmpty == false ? last : nil
    }

    private static func toolName(_ program: String) -> String {
        switch program {
        case "invoke-webrequest", "iwr": "Invoke-WebRequest"
        case "invoke-restmethod", "irm": "Invoke-RestMethod"
        default: program
        }
    }

    // MARK: Judging

    /// What the stage does with a download.
    enum Verdict: Equatable {
        case verified
        /// Handed to a package manager's or gpg's keys.
        case packageManagerTrust
        /// Read as text, not installed.
        case text
        case unverified
        case pipedToShell(String)
    }

    /// The verdict on every download of the stage, in order, once the whole stage is read.
    mutating func verdicts() -> [Verdict] {
        // `$actual = (Get-FileHash $file).Hash; if ($expected -ne $actual) { exit 1 }`: the variable holding
        // the hash is compared in the same RUN; a bare `Get-FileHash file` only prints.
        var compared: Set<String> = []
        for (run, words) in comparisons {
            for word in words where word.hasPrefix("$") { compared.insert("\(run)\n\(word)") }
        }
        for hash in fileHashes where compared.contains("\(hash.run)\n\(hash.variable)") { checks.append(hash.words) }
        fileHashes = []
        // Checksum lists a RUN downloads and checks against (`sha512sum -c $v-sha.txt --ignore-missing`)
        // cover what that RUN downloads from the list's host: census cannot read the list.
        var listHosts: [String: [String]] = [:]
        for download in downloads {
            guard let name = writtenName(download), let host = Self.host(of: download.url) else { continue }
            listHosts["\(download.run)\n\(name)", default: []].append(host)
        }
        var covered: Set<String> = []
        for (run, list) in checksumLists {
            for host in listHosts["\(run)\n\(Self.baseName(list))"] ?? [] { covered.insert("\(run)\n\(host)") }
        }
        // Every name the checks and the key handling mention, looked up once per download: linear in the words.
        let checked = Self.mentionedNames(checks)
        let trusted = Self.mentionedNames(trusts)
        return downloads.map { download in
            let verdict = verdict(download, checked: checked, trusted: trusted)
            guard verdict == .unverified, writtenName(download) != nil, let host = Self.host(of: download.url),
                  covered.contains("\(download.run)\n\(host)") else { return verdict }
            return .verified
        }
    }

    /// The name of the file a download writes, when it writes one.
    private func writtenName(_ download: Download) -> String? {
        switch download.sink {
        case .file(let path): return Self.baseName(path)
        case .stream where !download.piped: return Self.lastPathComponent(of: download.url)
        default: return nil
        }
    }

    /// The host of a URL (`https://host:port/…` gives `host:port`).
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.rangeOfBytes("://") else { return nil }
        let host = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return host.isEmpty ? nil : host.lowercased()
    }

    /// The verdict on `download` by the checks that name it (`checked`, `trusted`: see `mentionedNames`).
    private func verdict(_ download: Download, checked: Set<String>, trusted: Set<String>) -> Verdict {
        if download.checkedByBuilder { return .verified }
        switch download.sink {
        case .shell(let shell):
            return .pipedToShell(shell)
        case .trust:
            return .packageManagerTrust
        case .checksumList:
            return .verified
        case .text:
            return .text
        case .stream:
            // Printed, or redirected (`curl url > file`, which the words do not tell apart): a check of
            // the file the URL names (`> app.tgz` for `…/app.tgz`) verifies it.
            guard !download.piped, let name = Self.lastPathComponent(of: download.url) else { return .unverified }
            return checked.contains(name) ? .verified : .unverified
        case .file(let path):
            if Self.trustedPaths.contains(where: { path.hasPrefix($0) }) { return .packageManagerTrust }
            let names = ([Self.baseName(path)] + [download.substitutedName].compactMap { $0 }).filter { !$0.isEmpty }
            if names.contains(where: Self.isVerificationMaterial) { return .verified }
            if names.contains(where: checked.contains) { return .verified }
            if names.contains(where: trusted.contains) { return .packageManagerTrust }
            return .unverified
        }
    }

    /// Whether a file name is a checksum list or a signature (`x.tgz.sha256`, `x.tgz.asc`, `SHA256SUMS`,
    /// `8.0.1-sha.txt`, `$checksums_file`): what checks read, harmless by itself, never reported.
    static func isVerificationMaterial(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".asc", ".sig", ".sha1", ".sha256", ".sha384", ".sha512", ".sha256sum", ".sha512sum", ".md5"].contains { lower.hasSuffix($0) }
            || ["checksum", "shasum", "sums", "sha.txt"].contains { lower.contains($0) }
    }

    /// The name of a file without its folder (`/tmp/x.tgz`, `C:\x.zip`, `$TMP/x.tgz` give `x.tgz`).
    static func baseName(_ path: String) -> String {
        String(path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
    }

    /// Whether some word names the file `name` (see `mentionedNames`).
    static func mentions(_ words: [String], _ name: String) -> Bool {
        mentionedNames([words]).contains(name)
    }

    /// Every file name the statements' words mention: each piece of a word (cut at spaces, slashes, quotes,
    /// `*`, `=`, `,`, `:` and parentheses; a `grep` anchor `^`/`$` dropped), and each piece cut before one of
    /// its dots, so `x.tgz.sha256` mentions `x.tgz`. Linear in the words' length times their dots.
    static func mentionedNames(_ statements: [[String]]) -> Set<String> {
        let separators: Set<Character> = [" ", "\t", "\n", "/", "\\", "*", "\"", "'", "=", ",", "(", ")", ":"]
        var names: Set<String> = []
        for words in statements {
            for word in words {
                for piece in word.split(whereSeparator: separators.contains) {
                    var candidate = piece
                    if candidate.hasSuffix("$") { candidate = candidate.dropLast() }
                    if candidate.hasPrefix("^") { candidate = candidate.dropFirst() }
                    guard !candidate.isEmpty else { continue }
                    names.insert(String(candidate))
                    for index in candidate.indices where candidate[index] == "." && index > candidate.startIndex {
                        names.insert(String(candidate[..<index]))
                    }
                }
            }
        }
        return names
    }
}
