import XCTest
@testable import Extraction

final class ScriptScreenTests: XCTestCase {
    private func roomyBudget() -> ExtractionBudget { ExtractionBudget(steps: 1_000_000) }

    /// The facts the full reader gives, without the screen in front of it.
    private func fullyRead(_ text: String, dialect: ScriptDialect = .shell,
                           budget: ExtractionBudget = ExtractionBudget(steps: 1_000_000)) -> FileFacts {
        var variables = ScriptVariables(dialect: dialect)
        var facts = DockerCommandLine.scan(text, dialect: dialect, firstLine: 1, variables: &variables, budget: budget)
        if let warning = budget.warning { facts.warnings.append(warning) }
        return facts
    }

    func testScriptWithoutExpansionsQuotesOrToolNamesIsNotRead() {
        let text = "#!/bin/sh\nset -e\ncd src && make all | tee build.log\n./run-tests --fast; exit 0\n"
        XCTAssertFalse(ScriptScreen.mustRead(text, budget: roomyBudget()))
        XCTAssertEqual(fullyRead(text), .empty)
        XCTAssertEqual(facts("ci/build.sh", text), .empty)
    }

    func testToolNamedThroughVariablesItDoesNotSpellIsStillRead() {
        let text = "A=dock\nB=er\n$A$B run alpine:3.20\n"
        XCTAssertTrue(ScriptScreen.mustRead(text, budget: roomyBudget()))
        assertRefs(facts("ci/run.sh", text), [Ref(3, "script/docker-run", "alpine:3.20", lit("alpine:3.20"))])
    }

    func testToolNameJoinedFromQuotesOrEscapesIsStillRead() {
        for text in ["do\"ck\"er pull busybox:1.36\n", "do'ck'er pull busybox:1.36\n", "dock\\er pull busybox:1.36\n"] {
            XCTAssertTrue(ScriptScreen.mustRead(text, budget: roomyBudget()), text)
            assertRefs(facts("ci/pull.sh", text), [Ref(1, "script/docker-pull", "busybox:1.36", lit("busybox:1.36"))])
        }
    }

    func testToolCalledInsideAFunctionInAnyCaseOrWithAKelvinSignIsStillRead() {
        for text in ["pull_base() {\n  DOCKER pull alpine:3\n}\npull_base\n", "/usr/bin/Podman.EXE pull alpine:3\n",
                     "DOC\u{212A}ER pull alpine:3\n"] {
            XCTAssertTrue(ScriptScreen.mustRead(text, budget: roomyBudget()), text)
            XCTAssertEqual(facts("ci/pull.sh", text).references.map(\.raw), ["alpine:3"], text)
        }
        let powerShell = "function Get-Base {\n  docker pull alpine:3\n}\n"
        XCTAssertEqual(facts("eng/Get-Base.ps1", powerShell).references.map(\.raw), ["alpine:3"])
    }

    func testLineLongEnoughForATruncatedCommandIsStillReadForItsWarning() {
        let words = Array(repeating: "w", count: ScriptLexer.maxWordsPerCommand + 1).joined(separator: " ")
        for text in ["true\n" + words + "\n", "true\n" + words] {
            XCTAssertTrue(ScriptScreen.mustRead(text, budget: roomyBudget()))
            XCTAssertEqual(facts("long.sh", text).warnings.map(\.message),
                           ["command has more than \(ScriptLexer.maxWordsPerCommand) words; the rest is not read"])
        }
        // One word fewer fits: the screen may pass it, and reading it gives nothing.
        let fits = "true\n" + String(words.dropLast(2))
        XCTAssertFalse(ScriptScreen.mustRead(fits, budget: roomyBudget()))
        XCTAssertEqual(fullyRead(fits), .empty)
    }

    func testPathologicalFileStillGetsItsSingleBudgetWarning() {
        let text = String(repeating: "echo hello world\n", count: 2000)
        let budget = ExtractionBudget(steps: 1000)
        XCTAssertTrue(ScriptScreen.mustRead(text, budget: budget))
        let result = Extractors.facts(path: "many.sh", kind: .script, bytes: Array(text.utf8), budget: ExtractionBudget(steps: 1000))
        XCTAssertEqual(result.references, [])
        XCTAssertEqual(result.warnings.count, 1)
        XCTAssertTrue(result.warnings.first?.message.hasPrefix("stopped reading") == true)
    }

    /// Generated scripts of separators, comments, heredocs, command strings and near-miss names: whenever
    /// the screen passes one, the full reader finds nothing in it either, in both dialects.
    func testEveryScriptTheScreenPassesGivesNoFactsWhenRead() {
        let pieces = ["echo", "eval", "bash", "-c", "sh", "-ec", "pwsh", "-Command", "iex", "sudo", "env", "A=b",
                      "dock", "er", "podma", "n", "run", "pull", "alpine:3", "{", "}", "(", ")", "|", "||", "&&", ";",
                      "&", "<", ">", "2>&1", "<<EOF", "EOF", "<<-END", "\tEND", "#", "<#", "#>", "=", "image", "/", " ",
                      "\t", "\r", "\n", "\n", "x", "\u{212A}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var passed = 0
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
                if state & 1 == 0 { text += " " }
            }
            guard !ScriptScreen.mustRead(text, budget: roomyBudget()) else { continue }
            passed += 1
            for dialect in [ScriptDialect.shell, .powerShell] {
                let budget = ExtractionBudget(steps: 1_000_000)
                XCTAssertEqual(fullyRead(text, dialect: dialect, budget: budget), .empty, text)
                // The bound the screen relies on to know the budget cannot run out.
                XCTAssertLessThanOrEqual(budget.stepsUsed, ScriptScreen.stepsPerByte * (text.utf8.count + 1), text)
            }
        }
        XCTAssertGreaterThan(passed, 100, "the generator should give scripts the screen passes")
    }
}
