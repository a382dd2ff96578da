/// The build arguments and environment variables visible at one point of a Dockerfile, scoped as
/// BuildKit scopes them, with no `--build-arg` given (defaults are what a plain build uses).
///
/// - The global scope holds the ARGs declared before the first FROM plus the platform arguments the
///   builder sets; it is what FROM lines see.
/// - A stage starts empty, or with everything its parent stage had when it names an earlier stage.
///   `ARG X` without a value inside a stage takes the global value of `X`; `ARG X=v` and `ENV X=v`
///   bind their own value.
/// - An ONBUILD trigger is expanded later by whatever build uses the image, so nothing is known there.
struct ArgScope: Sendable {
    /// What a declared name is bound to.
    enum Binding: Hashable, Sendable {
        case value(String)
        /// Declared without a default: empty unless a build argument is passed.
        case noDefault
        /// Set at build time to something not knowable from the file.
        case unknown(reason: String, nonEmpty: Bool)
    }

    /// Where in the file the scope stands.
    enum Level: Hashable, Sendable {
        case global
        case stage
        case onbuildTrigger
    }

    /// The arguments BuildKit sets for every build; visible to FROM lines without a declaration and
    /// inside stages once declared with `ARG NAME`.
    static let platformArguments = [
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    ]

    let level: Level
    private(set) var bindings: [String: Binding]
    /// Names declared before the first FROM, so a stage that forgets to redeclare one gets told so.
    private let globalNames: Set<String>

    private init(level: Level, bindings: [String: Binding], globalNames: Set<String>) {
        self.level = level
        self.bindings = bindings
        self.globalNames = globalNames
    }

    /// The scope of FROM lines before any ARG is read.
    static func global() -> ArgScope {
        var bindings: [String: Binding] = [:]
        for name in platformArguments {
            bindings[name] = .unknown(reason: "\(name) is set by the builder for the platform of each build",
                                      nonEmpty: !name.hasSuffix("VARIANT"))
        }
        return ArgScope(level: .global, bindings: bindings, globalNames: [])
    }

    /// The scope at the start of a stage; `parent` is the final scope of the stage it is built FROM,
    /// `globalNames` what `declaredNames` of the global scope gives.
    static func stage(parent: ArgScope?, globalNames: Set<String>) -> ArgScope {
        ArgScope(level: .stage, bindings: parent?.bindings ?? [:], globalNames: globalNames)
    }

    /// The names ARG instructions declared in this scope (the platform arguments left out).
    var declaredNames: Set<String> {
        Set(bindings.keys).subtracting(Self.platformArguments)
    }

    /// How many names are bound, which is what inheriting this scope costs.
    var count: Int { bindings.count }

    /// The scope of an ONBUILD trigger, expanded by a later build.
    static let onbuildTrigger = ArgScope(level: .onbuildTrigger, bindings: [:], globalNames: [])

    /// How `name` stands here.
    func lookup(_ name: String) -> VariableLookup {
        if level == .onbuildTrigger {
            return .unknown(reason: "ONBUILD triggers are expanded by the build that uses this image, where \(name) is not known",
                            nonEmpty: false)
        }
        switch bindings[name] {
        case .value(let value): return .value(value)
        case .noDefault: return .unset(reason: "build argument \(name) has no default")
        case .unknown(let reason, let nonEmpty): return .unknown(reason: reason, nonEmpty: nonEmpty)
        case nil:
            if level == .global {
                return .unset(reason: "build argument \(name) is not declared before the first FROM")
            }
            if globalNames.contains(name) {
                return .unset(reason: "build argument \(name) is declared before the first FROM but not redeclared in this stage (ARG \(name))")
            }
            return .unset(reason: "build argument \(name) is not declared in this stage")
        }
    }

    /// Expands `word` against this scope.
    func expand(_ word: String, escapeToken: Unicode.Scalar, budget: ExpansionBudget) -> ShellExpansion {
        ShellWordExpander(escapeToken: escapeToken, budget: budget, lookup: { self.lookup($0) }).expand(word)
    }

    /// Declares `ARG name[=default]`; `global` is the scope of FROM lines (ignored in the global scope
    /// itself). Returns a message when the default is malformed.
    mutating func declareArgument(_ name: String, defaultValue: String?, global: ArgScope?,
                                  escapeToken: Unicode.Scalar, budget: ExpansionBudget) -> String? {
        guard let defaultValue else {
            if level == .stage, let inherited = global?.bindings[name], inherited != .noDefault {
                bindings[name] = inherited
            } else if bindings[name] == nil {
                bindings[name] = .noDefault
            }
            return nil
        }
        let (binding, problem) = evaluate(defaultValue, of: name, escapeToken: escapeToken, budget: budget)
        bindings[name] = binding
        return problem
    }

    /// Sets `ENV name=value`. Returns a message when the value is malformed.
    mutating func setEnvironment(_ name: String, value: String, escapeToken: Unicode.Scalar,
                                 budget: ExpansionBudget) -> String? {
        let (binding, problem) = evaluate(value, of: name, escapeToken: escapeToken, budget: budget)
        bindings[name] = binding
        return problem
    }

    private func evaluate(_ raw: String, of name: String, escapeToken: Unicode.Scalar,
                          budget: ExpansionBudget) -> (Binding, String?) {
        switch expand(raw, escapeToken: escapeToken, budget: budget) {
        case .text(let value):
            return (.value(value), nil)
        case .unresolved(let reason):
            return (.unknown(reason: reason, nonEmpty: false), nil)
        case .failed(let error):
            let problem = "the value of \(name) cannot be expanded: \(error.message)"
            return (.unknown(reason: problem, nonEmpty: false), problem)
        }
    }
}
