import XCTest
@testable import Extraction

final class ShellWordExpanderTests: XCTestCase {
    private let variables: [String: VariableLookup] = [
        "IMAGE": .value("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3.0"),
        "EMPTY": .value(""),
        "UNSET": .unset(reason: "build argument UNSET has no default"),
        "ARCH": .unknown(reason: "ARCH is set by the builder", nonEmpty: true),
        "VARIANT": .unknown(reason: "VARIANT is set by the builder", nonEmpty: false),
    ]

    private func expand(_ word: String, escape: Unicode.Scalar = "\\",
                        budget: ExpansionBudget = ExpansionBudget()) -> ShellExpansion {
        let variables = self.variables
        return ShellWordExpander(escapeToken: escape, budget: budget) {
            variables[$0] ?? .unset(reason: "\($0) is not declared")
        }.expand(word)
    }

    func testPlainAndBracedVariablesAreSubstituted() {
        XCTAssertEqual(expand("$IMAGE"), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("a${EMPTY}b"), .text("ab"))
        XCTAssertEqual(expand("cost$"), .text("cost$"))
    }

    func testAVariableWithoutValueMakesTheWordUnresolved() {
        XCTAssertEqual(expand("x:$UNSET"), .unresolved(reason: "build argument UNSET has no default"))
        XCTAssertEqual(expand("${NOPE}"), .unresolved(reason: "NOPE is not declared"))
        XCTAssertEqual(expand("base-${ARCH}"), .unresolved(reason: "ARCH is set by the builder"))
    }

    func testDefaultForms() {
        XCTAssertEqual(expand("${UNSET:-alpine}"), .text("alpine"))
        XCTAssertEqual(expand("${EMPTY:-alpine}"), .text("alpine"))
        XCTAssertEqual(expand("${EMPTY-alpine}"), .text(""))
        XCTAssertEqual(expand("${UNSET-alpine}"), .text("alpine"))
        XCTAssertEqual(expand("${UNSET:-${NOPE:-nested}}"), .text("nested"))
        XCTAssertEqual(expand("${ARCH:-amd64}"), .unresolved(reason: "ARCH is set by the builder"))
        XCTAssertEqual(expand("${EMPTY:-$UNSET}"), .unresolved(reason: "build argument UNSET has no default"))
        XCTAssertEqual(expand("${IMAGE:-$UNSET}"), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3.0"),
                       "an unused default does not make the word unresolved")
    }

    func testAlternativeForms() {
        XCTAssertEqual(expand("${IMAGE:+set}"), .text("set"))
        XCTAssertEqual(expand("${EMPTY:+set}"), .text(""))
        XCTAssertEqual(expand("${EMPTY+set}"), .text("set"))
        XCTAssertEqual(expand("${UNSET+set}"), .text(""))
        XCTAssertEqual(expand("${ARCH:+-$ARCH}"), .unresolved(reason: "ARCH is set by the builder"))
        XCTAssertEqual(expand("${ARCH:+arch}"), .text("arch"))
        XCTAssertEqual(expand("${VARIANT:+v}"), .unresolved(reason: "VARIANT is set by the builder"))
        XCTAssertEqual(expand("${VARIANT+v}"), .text("v"))
    }

    func testRequiredForms() {
        XCTAssertEqual(expand("${IMAGE:?needed}"), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("${UNSET?pass --build-arg UNSET}"),
                       .unresolved(reason: "build argument UNSET has no default (pass --build-arg UNSET)"))
        XCTAssertEqual(expand("${EMPTY:?}"), .unresolved(reason: "EMPTY: is not allowed to be empty"))
    }

    func testPatternRemovalForms() {
        XCTAssertEqual(expand("${IMAGE#*/}"), .text("dotnet/sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("${IMAGE##*/}"), .text("sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("${IMAGE%.*}"), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3"))
        XCTAssertEqual(expand("${IMAGE%%:*}"), .text("mcr.microsoft.com/dotnet/sdk"))
        XCTAssertEqual(expand("${IMAGE%?.0}"), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux"))
        XCTAssertEqual(expand("${IMAGE#nomatch}"), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("${IMAGE%\\*}"), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("${UNSET%.*}"), .unresolved(reason: "build argument UNSET has no default"))
    }

    func testReplacementForms() {
        XCTAssertEqual(expand("${IMAGE/dotnet/net}"), .text("mcr.microsoft.com/net/sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("${IMAGE//./_}"), .text("mcr_microsoft_com/dotnet/sdk:8_0_100-azurelinux3_0"))
        XCTAssertEqual(expand("${IMAGE/:*/:latest}"), .text("mcr.microsoft.com/dotnet/sdk:latest"))
    }

    func testQuotesAndEscapes() {
        XCTAssertEqual(expand("'$IMAGE'"), .text("$IMAGE"))
        XCTAssertEqual(expand("\"${EMPTY:-a b}\""), .text("a b"))
        XCTAssertEqual(expand("\\$IMAGE"), .text("$IMAGE"))
        XCTAssertEqual(expand("\"a\\\"b\\c\""), .text("a\"b\\c"))
        XCTAssertEqual(expand("C:\\src", escape: "`"), .text("C:\\src"))
        XCTAssertEqual(expand("`$IMAGE", escape: "`"), .text("$IMAGE"))
    }

    func testMalformedWordsFail() {
        XCTAssertEqual(expand("${IMAGE"), .failed(.malformedExpression("syntax error: missing '}'")))
        XCTAssertEqual(expand("${}"), .failed(.malformedExpression("syntax error: bad substitution")))
        XCTAssertEqual(expand("${IMAGE:=x}"), .failed(.malformedExpression("unsupported modifier (:=) in substitution")))
        XCTAssertEqual(expand("'open"), .failed(.malformedExpression(
            "unexpected end of statement while looking for matching single-quote")))
        XCTAssertEqual(expand("\"open"), .failed(.malformedExpression(
            "unexpected end of statement while looking for matching double-quote")))
    }

    func testTheBudgetBoundsTotalWork() {
        let budget = ExpansionBudget(100)
        XCTAssertEqual(expand("$IMAGE", budget: budget), .text("mcr.microsoft.com/dotnet/sdk:8.0.100-azurelinux3.0"))
        XCTAssertEqual(expand("$IMAGE$IMAGE", budget: budget), .failed(.expansionTooLarge(
            "the file's variable expansions exceed \(ExpansionBudget.perFile) steps")))
    }
}
