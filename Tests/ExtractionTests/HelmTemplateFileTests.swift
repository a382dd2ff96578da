import XCTest
@testable import Extraction

final class HelmTemplateFileTests: XCTestCase {
    static let template = """
    {{- $registry := .Values.global.imageRegistry | default "docker.io" }}
    {{- $unused := include "x.labels" . }}
    {{- if .Values.enabled }}
    {{- $tag := .Values.image.tag }}
    {{- with .Values.image }}
    {{- if .digest }}
      image: {{ $registry }}/{{ .repository }}@{{ .digest }}
    {{- else }}
      image: {{ $registry }}/{{ .repository }}:{{ $tag }}
    {{- end }}
    {{- end }}
    {{- end }}
    {{- range .Values.extra }}
      image: {{ .image }}
    {{- end }}
      image: {{ $registry }}/app:1
    """

    func context(_ line: Int) -> HelmTemplateFile.Context {
        HelmTemplateFile(text: Self.template).context(at: line)
    }

    func testALineKeepsTheBlocksAroundItAndOnlyTheVariablesItNames() {
        let raw = "{{ $registry }}/{{ .repository }}:{{ $tag }}"
        XCTAssertEqual(context(9).prelude(for: raw), [
            "$registry := .Values.global.imageRegistry | default \"docker.io\"",
            "guard .Values.enabled",
            "$tag := .Values.image.tag",
            "with .Values.image",
            "unless .digest",
        ])
        XCTAssertEqual(context(7).prelude(for: raw).last, "if .digest")
        XCTAssertTrue(context(9).rebindsDot)
        XCTAssertNil(context(9).unrendered)
    }

    func testAfterItsBlocksEndALineSeesOnlyTheFilesTopLevel() {
        let line = context(16)
        XCTAssertFalse(line.rebindsDot)
        XCTAssertEqual(line.prelude(for: "{{ $registry }}/app:1"), ["$registry := .Values.global.imageRegistry | default \"docker.io\""])
        XCTAssertEqual(context(14).unrendered, "the image is written inside a {{ range }} block, which census does not render")
    }

    func testManyImageLinesUnderDeepBlocksCostOnePassAndSayWhyTheyStayUnresolved() {
        // 5,000 image lines each under one more `if`: asked in order, the file is read once.
        var text = ""
        for index in 0..<5_000 { text += "{{- if .Values.a\(index) }}\n  image: {{ include \"x\" (dict) }}\n" }
        let file = HelmTemplateFile(text: text)
        var last = HelmTemplateFile.Context()
        for line in stride(from: 2, through: 10_000, by: 2) { last = file.context(at: line) }
        XCTAssertEqual(last.unrendered, "more than \(HelmTemplateFile.maxEntries) variables and blocks surround the image")
        XCTAssertEqual(last.entries, [])
        // Asking an earlier line again starts over and still answers.
        XCTAssertEqual(file.context(at: 2).prelude(for: "x"), ["guard .Values.a0"])
    }
}
