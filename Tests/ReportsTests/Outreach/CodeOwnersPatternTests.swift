import Reports
import XCTest

/// Expectations follow GitHub's CODEOWNERS documentation and gitignore's pattern rules.
final class CodeOwnersPatternTests: XCTestCase {
    func assertPattern(_ pattern: String, _ expectations: [String: Bool], file: StaticString = #filePath, line: UInt = #line) {
        let compiled = CodeOwnersPattern(pattern)
        for (path, expected) in expectations.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(compiled.matches(path), expected, "\(pattern) vs \(path)", file: file, line: line)
        }
    }

    func testANameWithoutSlashMatchesAtAnyDepthAndEverythingBelowIt() {
        assertPattern("foo", ["foo": true, "foo.txt": false, "foo/bar": true, "bar/foo": true, "bar/foo.txt": false,
                              "bar/baz": false, "bar/foo/baz": true])
    }

    func testALeadingSlashAnchorsToTheRoot() {
        assertPattern("/foo", ["foo": true, "fool.txt": false, "foo/bar": true, "bar/foo": false,
                               "foo/bar/baz": true, "bar/foo/baz": false])
    }

    func testATrailingSlashMatchesDirectoriesOnly() {
        assertPattern("foo/", ["foo": false, "foo/bar": true, "foo/bar/baz": true, "bar/foo": false,
                               "bar/foo/baz": true])
        assertPattern("/foo/", ["foo": false, "foo/bar": true, "bar/foo/baz": false])
    }

    func testASlashInTheMiddleAnchorsToTheRoot() {
        assertPattern("foo/bar", ["foo/bar": true, "foo/bart": false, "foo/bar/baz": true, "baz/foo/bar": false])
        assertPattern("foo/bar/", ["foo/bar": false, "foo/bar/baz": true, "baz/foo/bar/qux": false])
    }

    func testStarMatchesWithinOneSegment() {
        assertPattern("*", ["foo": true, "foo/bar": true, "bar/foo/baz": true])
        assertPattern("*.js", ["app.js": true, "src/app.js": true, "src/app.jsx": false])
        assertPattern("f*", ["foo": true, "foo/bar/baz": true, "bar/foo": true, "bar/baz": false, "xfoo": false])
        assertPattern("/f*", ["foo/bar": true, "bar/foo": false])
        assertPattern("foo/*.txt", ["foo/bar.txt": true, "foo/bar/baz.txt": false, "qux/foo/bar.txt": false])
        assertPattern("foo/*/baz", ["foo/baz": false, "foo/bar/baz": true, "foo/bar/baz/qux": true])
    }

    func testATrailingLoneStarMatchesDirectChildrenOnly() {
        assertPattern("docs/*", ["docs": false, "docs/getting-started.md": true,
                                 "docs/build-app/troubleshooting.md": false])
        assertPattern("/*", ["foo": true, "foo/bar": false])
        assertPattern("/*/", ["foo": false, "foo/bar": true, "bar/foo/baz": true])
    }

    func testQuestionMarkAndEscapes() {
        assertPattern("f?o", ["foo": true, "fo": false, "fooo": false])
        assertPattern("f\\*o", ["foo": false, "f*o": true])
        assertPattern("f\\?o", ["foo": false, "f?o": true])
    }

    func testDoubleStars() {
        assertPattern("**/logs", ["logs/a": true, "build/logs/a": true, "deep/build/logs/a/b": true, "logsx": false])
        assertPattern("**/foo/bar", ["foo/bar": true, "qux/foo/bar/baz": true, "foo/baz/bar": false])
        assertPattern("**/*bar*", ["bar": true, "foo/rebar": true, "foo/qux/bar": true])
        assertPattern("foo/bar/**", ["foo/bar": false, "foo/bar/baz": true, "foo/bar/baz/qux": true,
                                     "qux/foo/bar/baz": false])
        assertPattern("foo/**/bar", ["foo/bar": true, "foo/qux/quux/bar/baz": true, "qux/foo/bar": false])
        assertPattern("foo/**/", ["foo": false, "foo/bar": true, "foo/bar/baz": true])
        assertPattern("foo/**/bar/b*", ["foo/bar": false, "foo/bar/baz": true, "foo/bar/qux": false,
                                        "foo/qux/bar/baz": true])
    }
}
