import XCTest
@testable import Extraction

final class ScriptLexerTests: XCTestCase {
    private func words(_ text: String, _ dialect: ScriptDialect = .shell) -> [[String]] {
        ScriptLexer.commands(in: text, dialect: dialect, budget: ExtractionBudget()).map { $0.words.map(\.raw) }
    }

    func testQuotesEscapesAndContinuationsMakeWords() {
        XCTAssertEqual(words("a 'b c' \"d $E\" f\\ g \\\n  h"), [["a", "b c", "d $E", "f g", "h"]])
    }

    func testSeparatorsSplitCommandsButRedirectionsDoNot() {
        XCTAssertEqual(words("a && b || c; d | e & f 2>&1 g"), [["a"], ["b"], ["c"], ["d"], ["e"], ["f", "2", "g"]])
        XCTAssertEqual(words("(a) > out <in"), [["a"], ["out", "in"]])
    }

    func testCommentStartsOnlyAtAWord() {
        XCTAssertEqual(words("a#b c # d e\nf"), [["a#b", "c"], ["f"]])
    }

    func testPowerShellDoublesQuotesAndUsesTheBacktick() {
        XCTAssertEqual(words("a 'it''s' \"x`\"y\" `\n b", .powerShell), [["a", "it's", "x\"y", "b"]])
    }

    func testABudgetRunningOutInsideAWordKeepsItsCharactersUpToTheLastStep() {
        // One step per character: 13 steps read "docker run al", and the word ends where the budget did.
        for (steps, expected) in [(13, [["docker", "run", "al"]]), (6, [["docker"]]), (5, [["docke"]]),
                                  (19, [["docker", "run", "alpine:3"]])] {
            let budget = ExtractionBudget(steps: steps)
            let commands = ScriptLexer.commands(in: "docker run alpine:3", dialect: .shell, budget: budget)
            XCTAssertEqual(commands.map { $0.words.map(\.raw) }, expected, "\(steps) steps")
            XCTAssertEqual(budget.isExhausted, steps < 19, "\(steps) steps")
        }
    }

    func testBracesAndHashesInsideAShellWordAreItsCharacters() {
        XCTAssertEqual(words("ab{c}d#e x$Y/z 'q'r;s"), [["ab{c}d#e", "x$Y/z", "qr"], ["s"]])
        XCTAssertEqual(words("ab{c}d", .powerShell), [["ab"], ["c"], ["d"]])
    }

    func testWordsCarryTheLineTheyStartOn() {
        let commands = ScriptLexer.commands(in: "a \\\n  b\n\nc 'x\ny' z", dialect: .shell, budget: ExtractionBudget())
        XCTAssertEqual(commands.map { $0.words.map(\.line) }, [[1, 2], [4, 4, 5]])
    }
}

extension ScriptLexerTests {
    func testCommandsInsideCommandSubstitutionAreReadWithTheirLines() {
        let commands = ScriptLexer.commands(in: "ID=$(\n  docker create busybox:1 true)\necho $ID", dialect: .shell,
                                            budget: ExtractionBudget())
        XCTAssertEqual(commands.map { $0.words.map(\.raw) }, [["ID=$(\n  docker create busybox:1 true)"],
                                                              ["docker", "create", "busybox:1", "true"], ["echo", "$ID"]])
        XCTAssertEqual(commands.map { $0.words.map(\.line) }, [[1], [2, 2, 2, 2], [3, 3]])
    }

    func testWordsRememberTheQuoteTheyStartWith() {
        let commands = ScriptLexer.commands(in: "Exec \"docker pull $x\" 'a' b\"c\"", dialect: .powerShell, budget: ExtractionBudget())
        XCTAssertEqual(commands.first?.words.map(\.openingQuote), [nil, "\"", "'", nil])
    }

    func testACommandKnowsWhetherItPipesIntoTheNextOneOrIsCutByAParenthesis() {
        let commands = ScriptLexer.commands(in: "a | b || c |& d && (e) ; f $(g | h)", dialect: .shell, budget: ExtractionBudget())
        XCTAssertEqual(commands.map { $0.words.first?.raw ?? "" }, ["a", "b", "c", "d", "e", "f", "g", "h"])
        XCTAssertEqual(commands.map(\.pipesIntoNext), [true, false, true, false, false, false, true, false])
        XCTAssertEqual(commands.map(\.endsAtParenthesis), [false, false, false, false, true, false, false, false])
        XCTAssertEqual(commands.map(\.isSubstitution), [false, false, false, false, false, false, true, true])
    }
}
