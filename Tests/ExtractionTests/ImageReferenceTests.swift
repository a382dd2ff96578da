import XCTest
@testable import Extraction

final class ImageReferenceTests: XCTestCase {
    private let sha256Hex = String(repeating: "0123456789abcdef", count: 4)
    private let sha512Hex = String(repeating: "0123456789abcdef", count: 8)

    // MARK: Docker Hub normalization

    func testShortNameIsOfficialDockerHubImageWithoutInventedTag() {
        assertValid("ubuntu", registry: "docker.io", repository: "library/ubuntu", tag: nil, digest: nil,
                    normalized: "docker.io/library/ubuntu")
    }

    func testShortNameWithTagKeepsTag() {
        assertValid("ubuntu:22.04", registry: "docker.io", repository: "library/ubuntu", tag: "22.04", digest: nil,
                    normalized: "docker.io/library/ubuntu:22.04")
    }

    func testUserRepositoryOnDockerHubKeepsItsNamespace() {
        assertValid("grafana/grafana:10.4.1", registry: "docker.io", repository: "grafana/grafana", tag: "10.4.1",
                    digest: nil, normalized: "docker.io/grafana/grafana:10.4.1")
    }

    func testLegacyIndexHostBecomesDockerIO() {
        assertValid("index.docker.io/library/alpine", registry: "docker.io", repository: "library/alpine",
                    tag: nil, digest: nil, normalized: "docker.io/library/alpine")
    }

    func testExplicitDockerIOSingleComponentGetsLibraryNamespace() {
        assertValid("docker.io/nginx:1.27", registry: "docker.io", repository: "library/nginx", tag: "1.27",
                    digest: nil, normalized: "docker.io/library/nginx:1.27")
        assertValid("index.docker.io/redis", registry: "docker.io", repository: "library/redis", tag: nil,
                    digest: nil, normalized: "docker.io/library/redis")
    }

    func testNonDockerHubSingleComponentGetsNoLibraryNamespace() {
        assertValid("quay.io/prometheus", registry: "quay.io", repository: "prometheus", tag: nil, digest: nil,
                    normalized: "quay.io/prometheus")
    }

    func testFirstComponentWithoutDotColonOrLocalhostIsAPathComponent() {
        assertValid("myregistry/team/app:1", registry: "docker.io", repository: "myregistry/team/app", tag: "1",
                    digest: nil, normalized: "docker.io/myregistry/team/app:1")
    }

    func testMicrosoftRegistryImageWithLongTag() {
        assertValid("mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-fpm-amd64",
                    registry: "mcr.microsoft.com", repository: "dotnet-buildtools/prereqs",
                    tag: "azurelinux-3.0-net10.0-fpm-amd64", digest: nil,
                    normalized: "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0-net10.0-fpm-amd64")
    }

    func testDeepMicrosoftRegistryPathWithUnderscoreTag() {
        assertValid("mcr.microsoft.com/dotnet/sdk:9.0.100-preview.7_bookworm-slim-amd64",
                    registry: "mcr.microsoft.com", repository: "dotnet/sdk",
                    tag: "9.0.100-preview.7_bookworm-slim-amd64", digest: nil,
                    normalized: "mcr.microsoft.com/dotnet/sdk:9.0.100-preview.7_bookworm-slim-amd64")
    }

    func testSurroundingWhitespaceIsTrimmedButRawIsKept() {
        let reference = ImageReference.parse("  alpine:3.20 \n")
        XCTAssertTrue(reference.isValid)
        XCTAssertEqual(reference.raw, "  alpine:3.20 \n")
        XCTAssertEqual(reference.normalized, "docker.io/library/alpine:3.20")
    }

    // MARK: Digests

    func testDigestPinnedReferenceHasDigestAndNoTag() {
        assertValid("alpine@sha256:\(sha256Hex)", registry: "docker.io", repository: "library/alpine", tag: nil,
                    digest: "sha256:\(sha256Hex)", normalized: "docker.io/library/alpine@sha256:\(sha256Hex)")
    }

    func testTagAndDigestAreBothKept() {
        assertValid("alpine:3.20@sha256:\(sha256Hex)", registry: "docker.io", repository: "library/alpine",
                    tag: "3.20", digest: "sha256:\(sha256Hex)",
                    normalized: "docker.io/library/alpine:3.20@sha256:\(sha256Hex)")
    }

    func testSha512DigestWith128HexIsValid() {
        assertValid("ghcr.io/org/tool@sha512:\(sha512Hex)", registry: "ghcr.io", repository: "org/tool", tag: nil,
                    digest: "sha512:\(sha512Hex)", normalized: "ghcr.io/org/tool@sha512:\(sha512Hex)")
    }

    func testSha256DigestWith63HexIsInvalid() {
        assertInvalid("alpine@sha256:\(sha256Hex.dropLast())",
                      reason: "invalid digest length for sha256: expected 64 hex characters, got 63")
    }

    func testSha512DigestWith64HexIsInvalid() {
        assertInvalid("alpine@sha512:\(sha256Hex)",
                      reason: "invalid digest length for sha512: expected 128 hex characters, got 64")
    }

    func testShortSha256DigestReportsItsLength() {
        assertInvalid("alpine@sha256:abc", reason: "invalid digest length for sha256: expected 64 hex characters, got 3")
    }

    func testUppercaseSha256HexIsInvalid() {
        assertInvalid("alpine@sha256:\(sha256Hex.uppercased())", reason: "invalid digest: hex for sha256 must be lowercase")
    }

    func testWellFormedDigestWithUnknownAlgorithmIsUnsupported() {
        assertInvalid("alpine@sha384x:\(sha256Hex)",
                      reason: "unsupported digest algorithm \"sha384x\" (supported: sha256, sha384, sha512)")
        assertInvalid("alpine@sha256+b64:\(sha256Hex)",
                      reason: "unsupported digest algorithm \"sha256+b64\" (supported: sha256, sha384, sha512)")
    }

    func testUnknownAlgorithmWithTooLittleHexIsInvalid() {
        assertInvalid("alpine@md5x:abcd", reason: "invalid digest: hex must have at least 32 characters (got 4)")
    }

    func testMalformedDigestAlgorithmIsInvalid() {
        assertInvalid("alpine@1sha:\(sha256Hex)",
                      reason: "invalid digest algorithm \"1sha\": expected letter-led alphanumeric parts joined by '+', '.', '-' or '_'")
        assertInvalid("alpine@sha256..x:\(sha256Hex)",
                      reason: "invalid digest algorithm \"sha256..x\": expected letter-led alphanumeric parts joined by '+', '.', '-' or '_'")
    }

    func testDigestWithoutColonOrHexIsInvalid() {
        assertInvalid("alpine@sha256", reason: "invalid digest \"sha256\": expected algorithm:hex")
        assertInvalid("alpine@sha256:", reason: "invalid digest: no hex after \"sha256:\"")
        assertInvalid("alpine@", reason: "digest is empty after '@'")
        assertInvalid("alpine@sha256:\(sha256Hex.dropLast())g", reason: "invalid digest: hex for sha256 contains invalid character \"g\"")
    }

    func testSecondAtSignIsInvalid() {
        assertInvalid("alpine@sha256:\(sha256Hex)@sha256:\(sha256Hex)",
                      reason: "invalid digest: hex for sha256 contains invalid character \"@\"")
    }

    func testDigestWithoutNameIsInvalid() {
        assertInvalid("@sha256:\(sha256Hex)", reason: "invalid reference format: repository name is empty")
    }

    func testBareImageIdIsRefusedAsName() {
        assertInvalid(sha256Hex,
                      reason: "invalid repository name \"\(sha256Hex)\": a 64-character hexadecimal string is an image ID, not a name")
    }

    // MARK: Case

    func testUppercasePathIsInvalid() {
        assertInvalid("Ubuntu", reason: "repository name must be lowercase: \"Ubuntu\"")
        assertInvalid("myorg/MyApp:1.0", reason: "repository name must be lowercase: \"myorg/MyApp\"")
        assertInvalid("ghcr.io/Org/app", reason: "repository name must be lowercase: \"Org/app\"")
    }

    func testUppercaseRegistryIsAllowedAndKeptAsWritten() {
        assertValid("MyRegistry.Example.COM:5000/team/app:v1", registry: "MyRegistry.Example.COM:5000",
                    repository: "team/app", tag: "v1", digest: nil,
                    normalized: "MyRegistry.Example.COM:5000/team/app:v1")
    }

    func testUppercaseFirstComponentIsTakenAsRegistryLikeDistribution() {
        assertValid("MyHost/app", registry: "MyHost", repository: "app", tag: nil, digest: nil,
                    normalized: "MyHost/app")
    }

    func testUppercaseTagIsAllowed() {
        assertValid("alpine:Edge_ARM64", registry: "docker.io", repository: "library/alpine", tag: "Edge_ARM64",
                    digest: nil, normalized: "docker.io/library/alpine:Edge_ARM64")
    }

    // MARK: Tags

    func testTagOf128CharactersIsValid() {
        let tag = "v" + String(repeating: "a", count: 127)
        assertValid("alpine:\(tag)", registry: "docker.io", repository: "library/alpine", tag: tag, digest: nil,
                    normalized: "docker.io/library/alpine:\(tag)")
    }

    func testTagOf129CharactersIsInvalid() {
        assertInvalid("alpine:v" + String(repeating: "a", count: 128), reason: "tag is longer than 128 characters (got 129)")
    }

    func testTagStartingWithDotOrDashIsInvalid() {
        assertInvalid("alpine:.hidden", reason: "tag \".hidden\" must start with a letter, digit or underscore")
        assertInvalid("alpine:-rc", reason: "tag \"-rc\" must start with a letter, digit or underscore")
    }

    func testTagStartingWithUnderscoreIsValid() {
        assertValid("alpine:_build", registry: "docker.io", repository: "library/alpine", tag: "_build", digest: nil,
                    normalized: "docker.io/library/alpine:_build")
    }

    func testTagWithInvalidCharacterIsInvalid() {
        assertInvalid("alpine:3.20+1", reason: "tag \"3.20+1\" contains invalid character \"+\"")
        assertInvalid("alpine:a:b", reason: "tag \"a:b\" contains invalid character \":\"")
    }

    func testTrailingColonIsInvalid() {
        assertInvalid("alpine:", reason: "tag is empty after ':'")
        assertInvalid("localhost:5000/foo:", reason: "tag is empty after ':'")
    }

    // MARK: Ports, localhost and IP addresses

    func testColonBeforeSlashIsAPort() {
        assertValid("localhost:5000/foo", registry: "localhost:5000", repository: "foo", tag: nil, digest: nil,
                    normalized: "localhost:5000/foo")
    }

    func testColonWithoutSlashIsATagOnDockerHub() {
        assertValid("foo:5000", registry: "docker.io", repository: "library/foo", tag: "5000", digest: nil,
                    normalized: "docker.io/library/foo:5000")
    }

    func testRegistryWithPortPathTagAndDigest() {
        assertValid("registry:5000/a/b:tag@sha256:\(sha256Hex)", registry: "registry:5000", repository: "a/b",
                    tag: "tag", digest: "sha256:\(sha256Hex)",
                    normalized: "registry:5000/a/b:tag@sha256:\(sha256Hex)")
    }

    func testLocalhostBeforeSlashIsARegistry() {
        assertValid("localhost/app:dev", registry: "localhost", repository: "app", tag: "dev", digest: nil,
                    normalized: "localhost/app:dev")
    }

    func testBareLocalhostIsADockerHubNameLikeDistribution() {
        assertValid("localhost", registry: "docker.io", repository: "library/localhost", tag: nil, digest: nil,
                    normalized: "docker.io/library/localhost")
        assertValid("localhost:5000", registry: "docker.io", repository: "library/localhost", tag: "5000",
                    digest: nil, normalized: "docker.io/library/localhost:5000")
    }

    func testIPv4RegistryWithPort() {
        assertValid("10.0.0.1:5000/ops/agent:2", registry: "10.0.0.1:5000", repository: "ops/agent", tag: "2",
                    digest: nil, normalized: "10.0.0.1:5000/ops/agent:2")
    }

    func testBracketedIPv6RegistryWithPortAndTag() {
        assertValid("[::1]:5000/foo:bar", registry: "[::1]:5000", repository: "foo", tag: "bar", digest: nil,
                    normalized: "[::1]:5000/foo:bar")
        assertValid("[2001:db8::1]/foo", registry: "[2001:db8::1]", repository: "foo", tag: nil, digest: nil,
                    normalized: "[2001:db8::1]/foo")
    }

    func testIPv6ZoneIdentifierIsInvalid() {
        assertInvalid("[fe80::1%eth0]:5000/foo",
                      reason: "invalid registry \"[fe80::1%eth0]:5000\": IPv6 zone identifiers are not allowed")
    }

    func testMalformedIPv6RegistriesAreInvalid() {
        assertInvalid("[]:5000/foo", reason: "invalid registry \"[]:5000\": IPv6 address is empty")
        assertInvalid("[::1:5000/foo", reason: "invalid registry \"[::1:5000\": IPv6 address is missing its closing ']'")
        assertInvalid("[::1]x/foo", reason: "invalid registry \"[::1]x\": only a ':port' may follow an IPv6 address")
        assertInvalid("[::g]/foo", reason: "invalid registry \"[::g]\": IPv6 address contains invalid character \"g\"")
    }

    func testNonNumericOrEmptyPortIsInvalid() {
        assertInvalid("registry:abc/foo", reason: "invalid port \"abc\" in registry \"registry:abc\": a port is digits only")
        assertInvalid("registry:/foo", reason: "invalid port \"\" in registry \"registry:\": a port is digits only")
        assertInvalid("registry:50:00/foo", reason: "invalid port \"50:00\" in registry \"registry:50:00\": a port is digits only")
    }

    func testMalformedHostNamesAreInvalid() {
        assertInvalid("-bad.example.com/foo",
                      reason: "invalid registry \"-bad.example.com\": host label \"-bad\" must not start or end with '-'")
        assertInvalid("bad..example.com/foo", reason: "invalid registry \"bad..example.com\": host name has an empty label")
        assertInvalid("my_host.com/app", reason: "invalid registry \"my_host.com\": host name contains invalid character \"_\"")
        assertInvalid(":5000/foo", reason: "invalid registry \":5000\": host name is empty")
    }

    // MARK: Path components and length

    func testRepeatedDashesAndDoubleUnderscoreAreValidSeparators() {
        assertValid("foo--bar", registry: "docker.io", repository: "library/foo--bar", tag: nil, digest: nil,
                    normalized: "docker.io/library/foo--bar")
        assertValid("foo__bar", registry: "docker.io", repository: "library/foo__bar", tag: nil, digest: nil,
                    normalized: "docker.io/library/foo__bar")
        assertValid("org/a.b_c__d-e---f", registry: "docker.io", repository: "org/a.b_c__d-e---f", tag: nil,
                    digest: nil, normalized: "docker.io/org/a.b_c__d-e---f")
    }

    func testTripleUnderscoreIsInvalid() {
        assertInvalid("foo___bar", reason: "repository path component \"foo___bar\" has invalid separator \"___\" "
                      + "(use one '.', one or two '_', or any number of '-')")
    }

    func testDoubleDotIsInvalid() {
        assertInvalid("foo..bar", reason: "repository path component \"foo..bar\" has invalid separator \"..\" "
                      + "(use one '.', one or two '_', or any number of '-')")
    }

    func testMixedSeparatorsAreInvalid() {
        assertInvalid("foo.-bar", reason: "repository path component \"foo.-bar\" has invalid separator \".-\" "
                      + "(use one '.', one or two '_', or any number of '-')")
    }

    func testComponentStartingOrEndingWithSeparatorIsInvalid() {
        assertInvalid("org/-app", reason: "repository path component \"-app\" must start and end with a lowercase letter or digit")
        assertInvalid("org/app_", reason: "repository path component \"app_\" must start and end with a lowercase letter or digit")
    }

    func testEmptyPathComponentsAreInvalid() {
        assertInvalid("org//app", reason: "repository path \"org//app\" has an empty component")
        assertInvalid("ghcr.io/org/", reason: "repository path \"org/\" has an empty component")
        assertInvalid("ghcr.io/", reason: "invalid reference format: repository name is empty")
        assertInvalid(":latest", reason: "invalid reference format: repository name is empty")
    }

    func testInvalidCharactersInPathAreInvalid() {
        assertInvalid("my app", reason: "repository path component \"my app\" contains invalid character \" \"")
        assertInvalid("my\tapp", reason: "repository path component \"my\tapp\" contains invalid character \"\\t\"")
        assertInvalid("café", reason: "repository path component \"café\" contains invalid character \"é\"")
        assertInvalid("$image", reason: "repository path component \"$image\" contains invalid character \"$\"")
    }

    func testPathOf255CharactersIsValid() {
        let path = "team/" + String(repeating: "a", count: 250)
        assertValid("ghcr.io/\(path)", registry: "ghcr.io", repository: path, tag: nil, digest: nil,
                    normalized: "ghcr.io/\(path)")
    }

    func testPathOver255CharactersIsInvalid() {
        assertInvalid("ghcr.io/team/" + String(repeating: "a", count: 251),
                      reason: "repository path is longer than 255 characters (got 256)")
    }

    func testLibraryPrefixCountsTowardPathLength() {
        assertInvalid(String(repeating: "a", count: 250), reason: "repository path is longer than 255 characters (got 258)")
    }

    func testEmptyAndBlankTextAreInvalid() {
        assertInvalid("", reason: "invalid reference format: empty")
        assertInvalid("   \t", reason: "invalid reference format: empty")
    }

    // MARK: Helpers

    func testFamiliarNameDropsDockerHubAndLibrary() {
        XCTAssertEqual(ImageReference.parse("docker.io/library/ubuntu:22.04").familiarName, "ubuntu")
        XCTAssertEqual(ImageReference.parse("index.docker.io/grafana/grafana").familiarName, "grafana/grafana")
        XCTAssertEqual(ImageReference.parse("docker.io/library/distros/ubuntu").familiarName, "library/distros/ubuntu")
        XCTAssertEqual(ImageReference.parse("mcr.microsoft.com/dotnet/sdk:9.0").familiarName, "mcr.microsoft.com/dotnet/sdk")
        XCTAssertNil(ImageReference.parse("Bad").familiarName)
    }

    func testNameWithoutTagDropsTagAndDigest() {
        XCTAssertEqual(ImageReference.parse("alpine:3.20@sha256:\(sha256Hex)").nameWithoutTag, "docker.io/library/alpine")
        XCTAssertNil(ImageReference.parse("alpine:").nameWithoutTag)
    }

    func testEffectiveTagIsLatestOnlyWhenNothingIsWritten() {
        XCTAssertEqual(ImageReference.parse("alpine").effectiveTag, "latest")
        XCTAssertEqual(ImageReference.parse("alpine:3.20").effectiveTag, "3.20")
        XCTAssertNil(ImageReference.parse("alpine@sha256:\(sha256Hex)").effectiveTag)
        XCTAssertNil(ImageReference.parse("Alpine").effectiveTag)
    }

    func testLatestOrUntaggedMeansFloatingOnLatest() {
        XCTAssertTrue(ImageReference.parse("alpine").isLatestOrUntagged)
        XCTAssertTrue(ImageReference.parse("alpine:latest").isLatestOrUntagged)
        XCTAssertFalse(ImageReference.parse("alpine:3.20").isLatestOrUntagged)
        XCTAssertFalse(ImageReference.parse("alpine:latest@sha256:\(sha256Hex)").isLatestOrUntagged)
        XCTAssertFalse(ImageReference.parse("alpine@sha256:\(sha256Hex)").isLatestOrUntagged)
        XCTAssertFalse(ImageReference.parse("alpine:").isLatestOrUntagged)
    }

    func testDigestPinnedOnlyWhenValidWithDigest() {
        XCTAssertTrue(ImageReference.parse("alpine@sha256:\(sha256Hex)").isDigestPinned)
        XCTAssertFalse(ImageReference.parse("alpine:3.20").isDigestPinned)
        XCTAssertFalse(ImageReference.parse("alpine@sha256:abc").isDigestPinned)
    }

    func testWithTagReplacesTagAndDropsDigest() {
        let retagged = ImageReference.parse("alpine:3.19@sha256:\(sha256Hex)").withTag("3.20")
        XCTAssertEqual(retagged?.normalized, "docker.io/library/alpine:3.20")
        XCTAssertEqual(retagged?.tag, "3.20")
        XCTAssertNil(retagged?.digest)
    }

    func testWithInvalidTagYieldsInvalidReference() {
        let retagged = ImageReference.parse("alpine").withTag("-bad")
        XCTAssertEqual(retagged?.isValid, false)
        XCTAssertEqual(retagged?.invalidReason, "tag \"-bad\" must start with a letter, digit or underscore")
        XCTAssertNil(ImageReference.parse("alpine:").withTag("3.20"))
    }

    func testCodableRoundTripKeepsEveryField() throws {
        let original = ImageReference.parse("ghcr.io/org/app:1.2@sha256:\(sha256Hex)")
        let decoded = try JSONDecoder().decode(ImageReference.self, from: JSONEncoder().encode(original))
        XCTAssertEqual(decoded, original)
    }

    // MARK: Assertions

    private func assertValid(_ text: String, registry: String, repository: String, tag: String?, digest: String?,
                             normalized: String, file: StaticString = #filePath, line: UInt = #line) {
        let reference = ImageReference.parse(text)
        XCTAssertTrue(reference.isValid, "\(text): \(reference.invalidReason ?? "")", file: file, line: line)
        XCTAssertNil(reference.invalidReason, file: file, line: line)
        XCTAssertEqual(reference.raw, text, file: file, line: line)
        XCTAssertEqual(reference.registry, registry, file: file, line: line)
        XCTAssertEqual(reference.repository, repository, file: file, line: line)
        XCTAssertEqual(reference.tag, tag, file: file, line: line)
        XCTAssertEqual(reference.digest, digest, file: file, line: line)
        XCTAssertEqual(reference.normalized, normalized, file: file, line: line)
    }

    private func assertInvalid(_ text: String, reason: String, file: StaticString = #filePath, line: UInt = #line) {
        let reference = ImageReference.parse(text)
        XCTAssertFalse(reference.isValid, "\(text) parsed as \(reference.normalized ?? "")", file: file, line: line)
        XCTAssertEqual(reference.invalidReason, reason, file: file, line: line)
        XCTAssertEqual(reference.raw, text, file: file, line: line)
        XCTAssertNil(reference.registry, file: file, line: line)
        XCTAssertNil(reference.repository, file: file, line: line)
        XCTAssertNil(reference.tag, file: file, line: line)
        XCTAssertNil(reference.digest, file: file, line: line)
        XCTAssertNil(reference.normalized, file: file, line: line)
    }
}
