import XCTest
@testable import Extraction

final class AzurePipelinesExpressionTests: XCTestCase {
    func translate(_ text: String) -> String {
        AzurePipelinesExpression.translate(text)
    }

    func testParametersInEveryAccessFormBecomeParameterPlaceholders() {
        XCTAssertEqual(translate("a:${{ parameters.tag }}"), "a:{{azure-pipelines/parameter:tag}}")
        XCTAssertEqual(translate("${{parameters.platform.container}}"), "{{azure-pipelines/parameter:platform.container}}")
        XCTAssertEqual(translate("${{ parameters['platform'].name }}"), "{{azure-pipelines/parameter:platform.name}}")
        XCTAssertEqual(translate("${{ parameters[\"os\"] }}"), "{{azure-pipelines/parameter:os}}")
    }

    func testVariablesInMacroAndTemplateFormBecomeCaseInsensitiveVariablePlaceholders() {
        XCTAssertEqual(translate("$(ImageTag)"), "{{azure-pipelines/variable:imagetag}}")
        XCTAssertEqual(translate("${{ variables.ImageTag }}"), "{{azure-pipelines/variable:imagetag}}")
        XCTAssertEqual(translate("${{ variables['_image.tag'] }}"), "{{azure-pipelines/variable:_image.tag}}")
    }

    func testPredefinedVariablesAndRuntimeExpressionsAreRuntimeOnly() {
        XCTAssertEqual(translate("x:$(Build.BuildId)"), "x:{{azure-pipelines/runtime:$(Build.BuildId)}}")
        XCTAssertEqual(translate("${{ variables['System.TeamProject'] }}"),
                       "{{azure-pipelines/runtime:$(System.TeamProject)}}")
        XCTAssertEqual(translate("$[ variables['a'] ]"), "{{azure-pipelines/runtime:$[ variables['a'] ]}}")
    }

    func testOtherTemplateExpressionsAreNotEvaluated() {
        XCTAssertEqual(translate("${{ coalesce(parameters.a, 'b') }}"),
                       "{{azure-pipelines/expression:coalesce(parameters.a, 'b')}}")
        XCTAssertEqual(translate("${{ arch }}"), "{{azure-pipelines/expression:arch}}")
    }

    func testTextWithoutDollarsOrBracesIsItsOwnTranslationByteForByte() {
        // Decomposed accents, a Kelvin sign and emoji come back with the same scalars, not normalized.
        for text in ["re\u{0301}gistry.example/app:1", "\u{212A}ube/app", "app:🚀", "", "a b\tc"] {
            XCTAssertEqual(Array(translate(text).unicodeScalars), Array(text.unicodeScalars))
        }
        // One brace is no expression either, and a pair still says it is stray.
        XCTAssertEqual(translate("a}b{c"), "a}b{c")
        XCTAssertEqual(translate("a{{b"), "a{{azure-pipelines/expression:stray braces in a{{b}}")
    }

    func testPlainTextAndLoneDollarSignsAreKept() {
        XCTAssertEqual(translate("mcr.microsoft.com/dotnet/sdk:10.0"), "mcr.microsoft.com/dotnet/sdk:10.0")
        XCTAssertEqual(translate("price $5 (approx)"), "price $5 (approx)")
        XCTAssertEqual(AzurePipelinesExpression.imageExpression("alpine:3.21"), .literal("alpine:3.21"))
    }

    func testOnlyAWholeParameterIsAPassThrough() {
        XCTAssertEqual(AzurePipelinesExpression.passedThroughParameter(translate("${{ parameters.container }}")), "container")
        XCTAssertNil(AzurePipelinesExpression.passedThroughParameter(translate("${{ parameters.container }}-x")))
        XCTAssertNil(AzurePipelinesExpression.passedThroughParameter(translate("$(container)")))
    }
}
