import XCTest
@testable import Extraction

final class ComposeEnvFileExtractorTests: XCTestCase {
    /// `(name, value, line)` of every definition of an `.env` file.
    func definitions(_ text: String) -> [String] {
        facts(".env", text).definitions.map { "\($0.name)=\($0.value)@\($0.line)" }
    }

    func testEnvFileDefinesVariablesWithComposeSyntax() {
        XCTAssertEqual(definitions("""
        # images of the stack
        COMPOSE_PROJECT_NAME=stack

        export RELAY_IMAGE=ghcr.io/example/relay:nightly
        SNUBA_IMAGE = ghcr.io/example/snuba:nightly # the query service
        HASH=example/app#1
        QUOTED="ghcr.io/example/web:1.2" # after the quote
        LITERAL='$TAG'
        TAG=24.1
        WEB=ghcr.io/example/web:${TAG}
        FALLBACK="redis:${REDIS_TAG:-7.4}"
        """), [
            "COMPOSE_PROJECT_NAME=stack@2",
            "RELAY_IMAGE=ghcr.io/example/relay:nightly@4",
            "SNUBA_IMAGE=ghcr.io/example/snuba:nightly@5",
            "QUOTED=ghcr.io/example/web:1.2@7",
            "TAG=24.1@9",
            "WEB=ghcr.io/example/web:24.1@10",
            "FALLBACK=redis:7.4@11",
        ])
    }

    func testValueBuiltFromAShellVariableIsUnknown() {
        XCTAssertEqual(definitions("IMAGE=${REGISTRY}/app:1\nNEXT=$IMAGE\n"), [
            "IMAGE={{compose/env-unknown:IMAGE}}@1",
            "NEXT={{compose/env-unknown:NEXT}}@2",
        ])
    }

    func testDoubleQuotedValueMaySpanLinesAndSingleQuotesAreLiteral() {
        XCTAssertEqual(definitions("A=\"x\ny\"\nB='ghcr.io/x/y:1'\nC='a$B'\n"), ["B=ghcr.io/x/y:1@3"])
    }

    func testSecretsAndValuesThatCannotBeImagesAreNotKept() {
        XCTAssertEqual(definitions("""
        POSTGRES_PASSWORD=hunter2
        GITHUB_TOKEN=abc123
        GREETING="hello world"
        EMPTY=
        NOT A NAME=1
        9LIVES=cat
        """), ["EMPTY=@4"])
    }

    func testLongEnvFileStopsAtItsBudget() {
        let text = (0..<2000).map { "V\($0)=example/app:\($0)" }.joined(separator: "\n")
        let result = Extractors.facts(path: ".env", kind: .composeEnv, bytes: Array(text.utf8),
                                      budget: ExtractionBudget(steps: 500))
        XCTAssertLessThan(result.definitions.count, 100)
        XCTAssertEqual(result.warnings.count, 1)
    }
}
