import XCTest
@testable import Extraction
import Yams

/// `YAMLComposer` makes the nodes Yams' composer makes, or leaves the text to Yams.
final class YAMLComposerTests: XCTestCase {
    /// Every node of `documents`, with its text, tag, style, mark and anchor, one per line.
    private func describe(_ documents: [Node]) -> String {
        var out = ""
        func walk(_ node: Node, _ depth: Int) {
            let pad = String(repeating: " ", count: depth)
            switch node {
            case .scalar(let scalar):
                out += "\(pad)\(scalar.string.debugDescription) \(scalar.tag.rawValue) \(scalar.style) "
                    + "\(scalar.mark?.description ?? "-") \(scalar.anchor?.rawValue ?? "-")\n"
            case .mapping(let mapping):
                out += "\(pad){} \(mapping.tag.rawValue) \(mapping.style) \(mapping.mark?.description ?? "-") "
                    + "\(mapping.anchor?.rawValue ?? "-")\n"
                for index in mapping.indices {
                    walk(mapping[index].key, depth + 1)
                    walk(mapping[index].value, depth + 2)
                }
            case .sequence(let sequence):
                out += "\(pad)[] \(sequence.tag.rawValue) \(sequence.style) \(sequence.mark?.description ?? "-") "
                    + "\(sequence.anchor?.rawValue ?? "-")\n"
                for item in sequence { walk(item, depth + 1) }
            case .alias(let alias):
                out += "\(pad)*\(alias)\n"
            }
        }
        for document in documents {
            walk(document, 0)
            out += "---\n"
        }
        return out
    }

    /// Yams' own composition of `text` (its parser kept alive while the nodes are read: nodes hold
    /// their anchors weakly).
    private func yamsDescription(_ text: String) throws -> String {
        let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
        var documents: [Node] = []
        while let root = try parser.nextRoot() { documents.append(root) }
        return withExtendedLifetime(parser) { describe(documents) }
    }

    func testMarksCanBeMadeOnThisBuild() {
        XCTAssertTrue(YAMLComposer.isUsable)
    }

    func testTheNodesAreYamsNodes() throws {
        let texts = [
            "image: alpine:3.20\n",
            """
            # a pipeline
            trigger: [main, 'release/*']
            variables:
              image: "mcr.microsoft.com/dotnet/sdk:8.0"
              empty:
              tilde: ~
              number: 42
              flag: true
            jobs:
            - job: build
              container: &c
                image: ubuntu:22.04
                options: --privileged
            - job: test
              container: *c
              steps:
              - script: |
                  docker run --rm alpine
                  echo done
              - bash: >
                  folded
                  text
            """,
            """
            .base: &base
              image: base:1
            job:
              <<: *base
              script: run
            tagged: !custom value
            str: !!str 12
            nonSpecific: ! 12
            ? complex
            : key
            "quoted key": 'single'
            "\\ufeffbom": "\\ufeff\\ufeffx"
            flow: {a: 1, b: [x, y]}
            """,
            "---\na: 1\n---\n---\n- &x one\n- *x\n...\n",
            // The same text in two keys of different tags: two keys to Yams.
            "!tagged k: 1\nk: 2\n",
            // An anchor from an earlier document, and one defined again: Yams keeps the latest.
            "a: &n first\n---\nb: *n\nc: &n second\nd: *n\n",
            "",
            "# only a comment\n",
        ]
        for text in texts {
            let composed = try XCTUnwrap(YAMLComposer.documents(of: text), text)
            XCTAssertEqual(withExtendedLifetime(composed.anchors) { describe(composed.documents) },
                           try yamsDescription(text), text)
        }
    }

    func testTextsOutOfTheOrdinaryAreLeftToYams() {
        let texts = [
            "a: 1\na: 2\n",                 // a duplicate key: Yams' error
            "[a]: 1\n",                     // a key that is not a scalar
            "a: *missing\n",                // an alias to no anchor
            "a: [1, 2\n",                   // not valid YAML
            "a: &x\n  b: *x\n",             // an alias inside its own anchor
        ]
        for text in texts {
            XCTAssertNil(YAMLComposer.documents(of: text), text)
        }
        // And YAMLDocuments reports what Yams finds, as before.
        XCTAssertEqual(YAMLDocuments.load(text: "a: 1\na: 2\n").warnings.map(\.message),
                       ["not valid YAML: duplicate key a in one mapping at line 1"])
    }
}
