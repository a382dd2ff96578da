import XCTest
@testable import Extraction

final class DockerfileExtractorTests: XCTestCase {
    private func extract(_ lines: String...) -> FileFacts {
        DockerfileExtractor.extract(text: lines.joined(separator: "\n"))
    }

    private func from(_ line: Int, _ context: String, _ raw: String, _ value: ImageExpression) -> ReferenceFact {
        ReferenceFact(line: line, kind: "dockerfile/from", context: context, raw: raw, value: value)
    }

    // MARK: - FROM

    func testFromIsRecordedWithItsStageIndexAsContext() {
        let facts = extract("FROM mcr.microsoft.com/dotnet/sdk:8.0", "RUN dotnet build")
        XCTAssertEqual(facts.references, [from(1, "stage 0", "mcr.microsoft.com/dotnet/sdk:8.0",
                                              .literal("mcr.microsoft.com/dotnet/sdk:8.0"))])
        XCTAssertEqual(facts.warnings, [])
    }

    func testFromWithPlatformAndStageNameUsesTheStageName() {
        let facts = extract("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build")
        XCTAssertEqual(facts.references, [from(1, "stage Build", "golang:1.22", .literal("golang:1.22"))])
        XCTAssertEqual(facts.warnings, [])
    }

    func testScratchIsNotAnImage() {
        let facts = extract("FROM scratch", "COPY --from=scratch / /", "FROM alpine")
        XCTAssertEqual(facts.references, [from(3, "stage 1", "alpine", .literal("alpine"))])
    }

    func testFromAnEarlierStageIsNotAnImageAndKeepsStageNumbering() {
        let facts = extract(
            "FROM alpine:3.19 AS base",
            "FROM BASE",
            "FROM base AS final",
            "FROM debian:12")
        XCTAssertEqual(facts.references, [
            from(1, "stage base", "alpine:3.19", .literal("alpine:3.19")),
            from(4, "stage 3", "debian:12", .literal("debian:12")),
        ])
    }

    func testFromALaterStageNameIsAnImage() {
        let facts = extract("FROM later", "FROM alpine AS later")
        XCTAssertEqual(facts.references, [
            from(1, "stage 0", "later", .literal("later")),
            from(2, "stage later", "alpine", .literal("alpine")),
        ])
    }

    func testFromSpreadOverContinuationLinesIsAtTheLineOfItsImage() {
        let facts = extract(
            "# comment",
            "FROM \\",
            "  # a comment inside the continuation",
            "",
            "   mcr.microsoft.com/azurelinux/base/core:3.0 \\",
            "  AS base",
            "RUN true")
        XCTAssertEqual(facts.references, [from(5, "stage base", "mcr.microsoft.com/azurelinux/base/core:3.0",
                                              .literal("mcr.microsoft.com/azurelinux/base/core:3.0"))])
        XCTAssertEqual(facts.warnings, [])
    }

    func testFromContinuedOntoTheNextLineReportsTheImagesLine() {
        let facts = extract("FROM \\", "  mcr.microsoft.com/dotnet/sdk:8.0 AS build", "RUN dotnet publish")
        XCTAssertEqual(facts.references, [from(2, "stage build", "mcr.microsoft.com/dotnet/sdk:8.0",
                                              .literal("mcr.microsoft.com/dotnet/sdk:8.0"))])
    }

    func testFromWithPlatformOnItsOwnLineReportsTheImagesLine() {
        let facts = extract("FROM --platform=$BUILDPLATFORM \\", "    golang:1.22 \\", "    AS build")
        XCTAssertEqual(facts.references, [from(2, "stage build", "golang:1.22", .literal("golang:1.22"))])
    }

    func testCopyFromContinuedOntoTheNextLineReportsTheFlagsLine() {
        let facts = extract("FROM alpine:3.20", "COPY \\", " --from=img:1 /a /b")
        XCTAssertEqual(facts.references.last, ReferenceFact(line: 3, kind: "dockerfile/copy-from", context: "stage 0",
                                                            raw: "img:1", value: .literal("img:1")))
    }

    func testRunMountsOverSeveralLinesReportEachFromOnItsLine() {
        let facts = extract(
            "FROM alpine:3.20",
            "RUN --mount=type=cache,target=/root/.cache \\",
            "    --mount=type=bind,from=ghcr.io/acme/tools:2,source=/bin,target=/tools \\",
            "    --mount=type=bind,\\",
            "from=busybox:1.36,target=/bb \\",
            "    make")
        XCTAssertEqual(Array(facts.references.dropFirst()), [
            ReferenceFact(line: 3, kind: "dockerfile/run-mount-from", context: "stage 0",
                          raw: "ghcr.io/acme/tools:2", value: .literal("ghcr.io/acme/tools:2")),
            ReferenceFact(line: 5, kind: "dockerfile/run-mount-from", context: "stage 0",
                          raw: "busybox:1.36", value: .literal("busybox:1.36")),
        ])
    }

    func testOnbuildCopyFromOnAContinuationLineReportsThatLine() {
        let facts = extract("FROM alpine:3.20", "ONBUILD COPY \\", "  --from=nginx:1.27 /etc/nginx /etc/nginx")
        XCTAssertEqual(facts.references.last, ReferenceFact(line: 3, kind: "dockerfile/onbuild-copy-from", context: "stage 0",
                                                            raw: "nginx:1.27", value: .literal("nginx:1.27")))
    }

    func testQuotedFromHasItsQuotesRemoved() {
        let facts = extract("FROM \"alpine:3.19\"")
        XCTAssertEqual(facts.references, [from(1, "stage 0", "alpine:3.19", .literal("alpine:3.19"))])
    }

    func testInstructionsAreCaseInsensitive() {
        let facts = extract("from alpine as Builder", "copy --from=nginx:1.27 /a /b", "Run --mount=from=busybox true")
        XCTAssertEqual(facts.references, [
            from(1, "stage Builder", "alpine", .literal("alpine")),
            ReferenceFact(line: 2, kind: "dockerfile/copy-from", context: "stage Builder", raw: "nginx:1.27", value: .literal("nginx:1.27")),
            ReferenceFact(line: 3, kind: "dockerfile/run-mount-from", context: "stage Builder", raw: "busybox", value: .literal("busybox")),
        ])
    }

    func testCRLFLineEndsAndByteOrderMarkAreIgnored() {
        let text = "\u{FEFF}# syntax=docker/dockerfile:1\r\nFROM alpine:3.19 \\\r\n  AS base\r\nCOPY --from=nginx /a /b\r\n"
        let facts = DockerfileExtractor.extract(text: text)
        XCTAssertEqual(facts.references, [
            ReferenceFact(line: 1, kind: "dockerfile/syntax", context: nil, raw: "docker/dockerfile:1", value: .literal("docker/dockerfile:1")),
            from(2, "stage base", "alpine:3.19", .literal("alpine:3.19")),
            ReferenceFact(line: 4, kind: "dockerfile/copy-from", context: "stage base", raw: "nginx", value: .literal("nginx")),
        ])
        XCTAssertEqual(facts.warnings, [])
    }

    // MARK: - Parser directives

    func testSyntaxDirectiveNamesTheFrontendImage() {
        let facts = extract("# syntax=docker/dockerfile:1.7", "# escape=\\", "FROM alpine")
        XCTAssertEqual(facts.references, [
            ReferenceFact(line: 1, kind: "dockerfile/syntax", context: nil, raw: "docker/dockerfile:1.7", value: .literal("docker/dockerfile:1.7")),
            from(3, "stage 0", "alpine", .literal("alpine")),
        ])
    }

    func testDirectiveNamesAreCaseInsensitiveAndMayFollowOtherDirectives() {
        let facts = extract("# check=skip=all", "#SYNTAX = docker/dockerfile:1 ", "FROM alpine")
        XCTAssertEqual(facts.references.first, ReferenceFact(
            line: 2, kind: "dockerfile/syntax", context: nil, raw: "docker/dockerfile:1", value: .literal("docker/dockerfile:1")))
    }

    func testSyntaxAfterAnInstructionACommentOrABlankLineIsAComment() {
        XCTAssertEqual(extract("FROM alpine", "# syntax=docker/dockerfile:1").references,
                       [from(1, "stage 0", "alpine", .literal("alpine"))])
        XCTAssertEqual(extract("# hello", "# syntax=docker/dockerfile:1", "FROM alpine").references,
                       [from(3, "stage 0", "alpine", .literal("alpine"))])
        XCTAssertEqual(extract("", "# syntax=docker/dockerfile:1", "FROM alpine").references,
                       [from(3, "stage 0", "alpine", .literal("alpine"))])
    }

    func testSyntaxAfterAShebangLineIsStillFound() {
        let facts = extract("#!/usr/bin/env buildctl", "# syntax=docker/dockerfile:1", "FROM alpine")
        XCTAssertEqual(facts.references.first?.line, 2)
        XCTAssertEqual(facts.references.first?.kind, "dockerfile/syntax")
    }

    func testBacktickEscapeDirectiveMakesBackslashesLiteral() {
        let facts = extract(
            "# escape=`",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022 `",
            "  AS build",
            "COPY C:\\src\\ C:\\app\\",
            "RUN --mount=type=bind,from=mcr.microsoft.com/powershell:lts,target=C:\\pwsh `",
            "    dir")
        XCTAssertEqual(facts.references, [
            from(2, "stage build", "mcr.microsoft.com/windows/servercore:ltsc2022",
                 .literal("mcr.microsoft.com/windows/servercore:ltsc2022")),
            ReferenceFact(line: 5, kind: "dockerfile/run-mount-from", context: "stage build",
                          raw: "mcr.microsoft.com/powershell:lts", value: .literal("mcr.microsoft.com/powershell:lts")),
        ])
        XCTAssertEqual(facts.warnings, [])
    }

    func testEscapeDirectiveAfterACommentIsIgnored() {
        let facts = extract("# a comment", "# escape=`", "FROM alpine `", "AS base")
        XCTAssertEqual(facts.references, [from(3, "stage 0", "alpine", .literal("alpine"))])
        XCTAssertEqual(facts.warnings, [
            ExtractionWarning(line: 3, message: "FROM takes an image, optionally followed by AS <name>, but has 2 words: alpine `"),
            ExtractionWarning(line: 4, message: "unknown instruction AS"),
        ])
    }

    func testInvalidOrRepeatedDirectivesWarn() {
        let facts = extract("# escape=x", "# escape=`", "FROM alpine")
        XCTAssertEqual(facts.warnings.map(\.line), [1, 2])
        XCTAssertEqual(facts.references, [from(3, "stage 0", "alpine", .literal("alpine"))])
    }

    // MARK: - Heredocs

    func testHeredocBodyIsNotAnInstruction() {
        let facts = extract(
            "FROM alpine",
            "RUN <<EOF",
            "FROM evil:latest",
            "COPY --from=evil / /",
            "EOF",
            "FROM debian")
        XCTAssertEqual(facts.references, [
            from(1, "stage 0", "alpine", .literal("alpine")),
            from(6, "stage 1", "debian", .literal("debian")),
        ])
        XCTAssertEqual(facts.warnings, [])
    }

    func testChompingHeredocEndsAtATabIndentedTerminator() {
        let facts = extract("FROM alpine", "RUN <<-END", "\tFROM evil", "\tEND", "FROM debian")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "debian"])
        XCTAssertEqual(facts.references.map(\.line), [1, 5])
    }

    func testQuotedHeredocDelimitersAreUnquoted() {
        let facts = extract("FROM alpine", "RUN cat <<\"EOT\" > /x", "FROM evil", "EOT", "RUN <<'E2'", "FROM evil2", "E2", "FROM debian")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "debian"])
        XCTAssertEqual(facts.references.last?.line, 8)
    }

    func testSeveralHeredocsOnOneLineAreReadInOrder() {
        let facts = extract(
            "FROM alpine",
            "RUN <<A cat - <<B > /out",
            "FROM one",
            "A",
            "FROM two",
            "B",
            "FROM debian")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "debian"])
        XCTAssertEqual(facts.references.last?.line, 7)
    }

    func testCopyAndOnbuildRunTakeHeredocs() {
        let facts = extract(
            "FROM alpine",
            "COPY <<EOF /etc/x.conf",
            "FROM evil",
            "EOF",
            "ONBUILD RUN <<EOF",
            "FROM evil2",
            "EOF",
            "FROM debian")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "debian"])
    }

    func testHeredocMarkersInQuotesOrExecFormOpenNoHeredoc() {
        let facts = extract(
            "FROM alpine",
            "RUN echo \"<<EOF\"",
            "RUN [\"sh\", \"-c\", \"cat <<EOF\"]",
            "FROM debian")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "debian"])
    }

    func testUnterminatedHeredocWarnsAndEndsTheFile() {
        let facts = extract("FROM alpine", "RUN <<EOF", "FROM evil")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine"])
        XCTAssertEqual(facts.warnings, [ExtractionWarning(
            line: 2, message: "unterminated heredoc: no line reads EOF to close <<EOF")])
    }

    // MARK: - Build arguments in FROM

    func testGlobalArgsWithDefaultsAreSubstitutedIntoFrom() {
        let facts = extract(
            "ARG REPO=mcr.microsoft.com/x",
            "ARG TAG=1",
            "FROM ${REPO}:${TAG} AS build")
        XCTAssertEqual(facts.references, [from(3, "stage build", "${REPO}:${TAG}", .literal("mcr.microsoft.com/x:1"))])
    }

    func testFromWithUndeclaredArgIsUnresolved() {
        let facts = extract("FROM $BASE")
        XCTAssertEqual(facts.references, [from(1, "stage 0", "$BASE", .unresolved(
            reason: "build argument BASE is not declared before the first FROM"))])
    }

    func testFromWithArgWithoutDefaultIsUnresolved() {
        let facts = extract("ARG BASE", "FROM \"${BASE}\"")
        XCTAssertEqual(facts.references, [from(2, "stage 0", "${BASE}", .unresolved(
            reason: "build argument BASE has no default"))])
    }

    func testDefaultFormResolvesAnArgWithoutDefault() {
        let facts = extract("ARG BASE", "ARG TAG=", "FROM ${BASE:-alpine}:${TAG:-3.19}")
        XCTAssertEqual(facts.references, [from(2, "stage 0", "${BASE:-alpine}:${TAG:-3.19}", .literal("alpine:3.19"))].map {
            var fact = $0; fact.line = 3; return fact
        })
    }

    func testDashWithoutColonKeepsAnEmptyValue() {
        let facts = extract("ARG SUFFIX=", "ARG UNSET", "FROM alpine:3.19${SUFFIX-bad}${UNSET-}")
        XCTAssertEqual(facts.references.first?.value, .literal("alpine:3.19"))
    }

    func testAlternativeFormsUseTheAlternativeOnlyWhenSet() {
        let facts = extract(
            "ARG VARIANT=-slim",
            "ARG NONE",
            "FROM debian:12${VARIANT:+-slim}${NONE:+-bad}${VARIANT+}")
        XCTAssertEqual(facts.references.first?.value, .literal("debian:12-slim"))
    }

    func testQuotedArgDefaultsAndSeveralArgsOnOneLine() {
        let facts = extract(
            "ARG REGISTRY=\"mcr.microsoft.com\" IMAGE='dotnet/runtime' TAG=8.0",
            "FROM $REGISTRY/$IMAGE:$TAG")
        XCTAssertEqual(facts.references, [from(2, "stage 0", "$REGISTRY/$IMAGE:$TAG", .literal("mcr.microsoft.com/dotnet/runtime:8.0"))])
    }

    func testArgDefaultsMayUseEarlierArgs() {
        let facts = extract("ARG OS=azurelinux", "ARG BASE=mcr.microsoft.com/${OS}/base/core:3.0", "FROM $BASE")
        XCTAssertEqual(facts.references.first?.value, .literal("mcr.microsoft.com/azurelinux/base/core:3.0"))
    }

    func testArgDependingOnAnArgWithoutDefaultIsUnresolvedNamingTheMissingOne() {
        let facts = extract("ARG VERSION", "ARG IMAGE=alpine:$VERSION", "FROM $IMAGE")
        XCTAssertEqual(facts.references, [from(3, "stage 0", "$IMAGE", .unresolved(reason: "build argument VERSION has no default"))])
    }

    func testEscapedDollarIsLiteral() {
        let facts = extract("ARG X=alpine", "FROM \\$X")
        XCTAssertEqual(facts.references, [from(2, "stage 0", "\\$X", .literal("$X"))])
    }

    func testArgsDeclaredInsideAStageDoNotFeedLaterFromLines() {
        let facts = extract("FROM alpine", "ARG NEXT=debian", "FROM $NEXT")
        XCTAssertEqual(facts.references.last, from(3, "stage 1", "$NEXT", .unresolved(
            reason: "build argument NEXT is not declared before the first FROM")))
    }

    func testPlatformArgumentsHaveNoValueAtExtractionTime() {
        let facts = extract(
            "FROM --platform=$BUILDPLATFORM golang:1.22 AS build",
            "FROM base-$TARGETARCH",
            "FROM alpine${TARGETVARIANT:+-v}")
        XCTAssertEqual(facts.references, [
            from(1, "stage build", "golang:1.22", .literal("golang:1.22")),
            from(2, "stage 1", "base-$TARGETARCH", .unresolved(reason: "TARGETARCH is set by the builder for the platform of each build")),
            from(3, "stage 2", "alpine${TARGETVARIANT:+-v}", .unresolved(reason: "TARGETVARIANT is set by the builder for the platform of each build")),
        ])
    }

    func testFromExpandingToAStageNameIsNotAnImage() {
        let facts = extract("ARG FLAVOR=slim", "FROM debian:12-slim AS slim", "FROM ${FLAVOR} AS final")
        XCTAssertEqual(facts.references.map(\.raw), ["debian:12-slim"])
    }

    func testMalformedExpressionIsUnresolvedAndWarns() {
        let facts = extract("FROM alpine:${TAG")
        XCTAssertEqual(facts.references, [from(1, "stage 0", "alpine:${TAG", .unresolved(
            reason: "malformed expression: syntax error: missing '}'"))])
        XCTAssertEqual(facts.warnings.map(\.line), [1])
    }

    // MARK: - COPY --from

    func testCopyFromAnImageIsRecordedInItsStage() {
        let facts = extract("FROM alpine AS app", "COPY --chown=1000 --from=\"nginx:1.27\" /etc/nginx /etc/nginx")
        XCTAssertEqual(facts.references.last, ReferenceFact(
            line: 2, kind: "dockerfile/copy-from", context: "stage app", raw: "nginx:1.27", value: .literal("nginx:1.27")))
    }

    func testCopyFromAStageNameOrIndexIsNotAnImage() {
        let facts = extract(
            "FROM golang AS Build",
            "FROM alpine",
            "COPY --from=build /out /bin",
            "COPY --from=BUILD /out /bin",
            "COPY --from=0 /out /bin",
            "COPY --from=1 /x /y")
        XCTAssertEqual(facts.references.map(\.raw), ["golang", "alpine"])
        XCTAssertEqual(facts.warnings, [])
    }

    func testCopyFromAStageIndexBeyondTheFileWarns() {
        let facts = extract("FROM alpine", "COPY --from=3 /x /y")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine"])
        XCTAssertEqual(facts.warnings, [ExtractionWarning(line: 2, message: "--from=3 names stage 3, but the file has 1 stage")])
    }

    func testCopyFromUsesArgsOfItsStage() {
        let facts = extract(
            "ARG TOOLS=mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0",
            "FROM alpine AS app",
            "ARG TOOLS",
            "ARG HELPER=busybox:1.36",
            "COPY --from=$TOOLS /a /a",
            "COPY --from=${HELPER} /b /b")
        XCTAssertEqual(Array(facts.references.dropFirst()), [
            ReferenceFact(line: 5, kind: "dockerfile/copy-from", context: "stage app", raw: "$TOOLS",
                          value: .literal("mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0")),
            ReferenceFact(line: 6, kind: "dockerfile/copy-from", context: "stage app", raw: "${HELPER}",
                          value: .literal("busybox:1.36")),
        ])
    }

    func testCopyFromWithAGlobalArgNotRedeclaredIsUnresolved() {
        let facts = extract("ARG TOOLS=busybox", "FROM alpine", "COPY --from=$TOOLS /a /a")
        XCTAssertEqual(facts.references.last, ReferenceFact(
            line: 3, kind: "dockerfile/copy-from", context: "stage 0", raw: "$TOOLS",
            value: .unresolved(reason: "build argument TOOLS is declared before the first FROM but not redeclared in this stage (ARG TOOLS)")))
    }

    func testCopyFromWithAStageArgWithoutDefaultIsUnresolved() {
        let facts = extract("FROM alpine", "ARG SOURCE", "COPY --from=$SOURCE /a /a")
        XCTAssertEqual(facts.references.last?.value, .unresolved(reason: "build argument SOURCE has no default"))
    }

    func testCopyFromUsesEnvAndArgsInheritedFromTheParentStage() {
        let facts = extract(
            "FROM alpine AS base",
            "ARG HELPER=busybox",
            "ENV TOOLS=nginx:1.27 OTHER=x",
            "FROM base AS final",
            "COPY --from=$HELPER /a /a",
            "COPY --from=${TOOLS} /b /b")
        XCTAssertEqual(facts.references.dropFirst().map(\.value), [.literal("busybox"), .literal("nginx:1.27")])
        XCTAssertEqual(facts.references.dropFirst().map(\.context), ["stage final", "stage final"])
    }

    func testCopyFromTheCurrentOrALaterStageIsNotAnImageButWarns() {
        let facts = extract("FROM alpine AS app", "COPY --from=app /a /b", "COPY --from=tools /c /d", "FROM busybox AS tools")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "busybox"])
        XCTAssertEqual(facts.warnings, [
            ExtractionWarning(line: 2, message: "--from=app names stage app, which is not built before this stage"),
            ExtractionWarning(line: 3, message: "--from=tools names stage tools, which is not built before this stage"),
        ])
    }

    func testPlatformArgumentRedeclaredInAStageIsSetByTheBuilder() {
        let facts = extract("FROM alpine", "ARG TARGETARCH", "COPY --from=tools-$TARGETARCH /a /b", "COPY --from=x-$BUILDOS /c /d")
        XCTAssertEqual(Array(facts.references.dropFirst()), [
            ReferenceFact(line: 3, kind: "dockerfile/copy-from", context: "stage 0", raw: "tools-$TARGETARCH",
                          value: .unresolved(reason: "TARGETARCH is set by the builder for the platform of each build")),
            ReferenceFact(line: 4, kind: "dockerfile/copy-from", context: "stage 0", raw: "x-$BUILDOS",
                          value: .unresolved(reason: "build argument BUILDOS is not declared in this stage")),
        ])
    }

    func testStageArgWithItsOwnDefaultOverridesTheGlobalOne() {
        let facts = extract("ARG TOOLS=busybox", "FROM alpine", "ARG TOOLS=nginx", "COPY --from=$TOOLS /a /b")
        XCTAssertEqual(facts.references.last?.value, .literal("nginx"))
    }

    func testLegacyEnvFormTakesTheRestOfTheLine() {
        let facts = extract("FROM alpine", "ENV TOOLS nginx:1.27", "COPY --from=$TOOLS /a /a")
        XCTAssertEqual(facts.references.last?.value, .literal("nginx:1.27"))
    }

    func testAddHasNoFromFlag() {
        let facts = extract("FROM alpine", "ADD --from=nginx /a /b")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine"])
    }

    // MARK: - RUN --mount

    func testRunMountFromIsFoundInAnyOptionOrder() {
        let facts = extract(
            "FROM alpine AS build",
            "RUN --network=none --mount=target=/src,from=\"mcr.microsoft.com/x:1\",type=bind \\",
            "    --mount=\"type=cache,target=/root/.cache,from=golang:1.22\" \\",
            "    --mount='type=bind,\"from=python:3.12\",target=/py' \\",
            "    make")
        XCTAssertEqual(Array(facts.references.dropFirst()), [
            ReferenceFact(line: 2, kind: "dockerfile/run-mount-from", context: "stage build", raw: "mcr.microsoft.com/x:1", value: .literal("mcr.microsoft.com/x:1")),
            ReferenceFact(line: 2, kind: "dockerfile/run-mount-from", context: "stage build", raw: "golang:1.22", value: .literal("golang:1.22")),
            ReferenceFact(line: 2, kind: "dockerfile/run-mount-from", context: "stage build", raw: "python:3.12", value: .literal("python:3.12")),
        ])
        XCTAssertEqual(facts.warnings, [])
    }

    func testRunMountWithAQuoteInsideAFieldIsMalformed() {
        let facts = extract("FROM alpine", "RUN --mount='type=bind,from=\"python\"' true")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine"])
        XCTAssertEqual(facts.warnings, [ExtractionWarning(
            line: 2, message: "RUN --mount=type=bind,from=\"python\" is malformed: bare \" in non-quoted field")])
    }

    func testRunMountFromAStageIsNotAnImage() {
        let facts = extract("FROM golang AS deps", "FROM alpine", "RUN --mount=type=bind,from=Deps,target=/d true")
        XCTAssertEqual(facts.references.map(\.raw), ["golang", "alpine"])
    }

    func testRunMountFromExpandsStageArgs() {
        let facts = extract("FROM alpine", "ARG PY=python:3.12", "ARG NOPE", "RUN --mount=from=$PY --mount=from=$NOPE true")
        XCTAssertEqual(Array(facts.references.dropFirst()), [
            ReferenceFact(line: 4, kind: "dockerfile/run-mount-from", context: "stage 0", raw: "$PY", value: .literal("python:3.12")),
            ReferenceFact(line: 4, kind: "dockerfile/run-mount-from", context: "stage 0", raw: "$NOPE",
                          value: .unresolved(reason: "build argument NOPE has no default")),
        ])
    }

    // MARK: - ONBUILD

    func testOnbuildCopyFromAndRunMountFromHaveTheirOwnKinds() {
        let facts = extract(
            "FROM alpine AS base",
            "ONBUILD COPY --from=nginx:1.27 /a /b",
            "onbuild RUN --mount=type=bind,from=busybox,target=/b true",
            "ONBUILD COPY --from=0 /x /y")
        XCTAssertEqual(Array(facts.references.dropFirst()), [
            ReferenceFact(line: 2, kind: "dockerfile/onbuild-copy-from", context: "stage base", raw: "nginx:1.27", value: .literal("nginx:1.27")),
            ReferenceFact(line: 3, kind: "dockerfile/onbuild-run-mount-from", context: "stage base", raw: "busybox", value: .literal("busybox")),
        ])
    }

    func testOnbuildTriggerWithAVariableIsUnresolved() {
        let facts = extract("FROM alpine", "ARG IMG=nginx", "ONBUILD COPY --from=${IMG:-nginx} /a /b")
        XCTAssertEqual(facts.references.last, ReferenceFact(
            line: 3, kind: "dockerfile/onbuild-copy-from", context: "stage 0", raw: "${IMG:-nginx}",
            value: .unresolved(reason: "ONBUILD triggers are expanded by the build that uses this image, where IMG is not known")))
    }

    func testOnbuildFromIsNotAllowed() {
        let facts = extract("FROM alpine", "ONBUILD FROM evil")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine"])
        XCTAssertEqual(facts.warnings, [ExtractionWarning(line: 2, message: "FROM is not allowed as an ONBUILD trigger")])
    }

    // MARK: - Malformed files

    func testFromWithoutArgumentWarnsAndTheRestIsRead() {
        let facts = extract("FROM", "FROM --platform=linux/amd64", "FROM alpine")
        XCTAssertEqual(facts.references, [from(3, "stage 2", "alpine", .literal("alpine"))])
        XCTAssertEqual(facts.warnings, [
            ExtractionWarning(line: 1, message: "FROM needs an image or stage name"),
            ExtractionWarning(line: 2, message: "FROM needs an image or stage name"),
        ])
    }

    func testFromWithExtraWordsWarnsAndKeepsTheImage() {
        let facts = extract("FROM alpine # trailing comments are not comments")
        XCTAssertEqual(facts.references, [from(1, "stage 0", "alpine", .literal("alpine"))])
        XCTAssertEqual(facts.warnings.map(\.line), [1])
    }

    func testUnknownInstructionsAndInstructionsBeforeFromWarn() {
        let facts = extract("RUN true", "FROM alpine", "FORM debian")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine"])
        XCTAssertEqual(facts.warnings, [
            ExtractionWarning(line: 1, message: "RUN comes before the first FROM, where only ARG is allowed"),
            ExtractionWarning(line: 3, message: "unknown instruction FORM"),
        ])
    }

    func testWarningsAreCappedForFilesThatAreNotDockerfiles() {
        let text = (1...500).map { "Line \($0) of some prose" }.joined(separator: "\n")
        let facts = DockerfileExtractor.extract(text: text)
        XCTAssertEqual(facts.references, [])
        XCTAssertEqual(facts.warnings.count, 101)
        XCTAssertEqual(facts.warnings.first, ExtractionWarning(line: 1, message: "unknown instruction Line"))
        XCTAssertEqual(facts.warnings.last, ExtractionWarning(message: "400 more warnings not shown (is this file a Dockerfile?)"))
    }

    func testInvalidAndDuplicateStageNamesWarn() {
        let facts = extract("FROM alpine AS 1st", "FROM alpine AS app", "FROM debian AS APP")
        XCTAssertEqual(facts.warnings.map(\.line), [1, 3])
        XCTAssertEqual(facts.references.map(\.context), ["stage 1st", "stage app", "stage APP"])
    }

    // MARK: - Bounded work

    func testHugeContinuationsAndLongLinesAreReadInOneBoundedPass() {
        let longWord = String(repeating: "a", count: 1_000_000)
        var lines = ["FROM alpine AS base", "RUN echo \\"]
        lines += Array(repeating: "  \(longWord.prefix(50)) \\", count: 100_000)
        lines += ["  done", "RUN echo \(longWord)", "FROM debian"]
        let facts = DockerfileExtractor.extract(text: lines.joined(separator: "\n"))
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "debian"])
        XCTAssertEqual(facts.references.last?.line, 100_005)
    }

    func testDoublingArgsAreCappedInsteadOfGrowingExponentially() {
        var lines = ["ARG A0=\(String(repeating: "x", count: 64))"]
        for level in 1...40 { lines.append("ARG A\(level)=$A\(level - 1)$A\(level - 1)") }
        lines.append("FROM $A40")
        let facts = DockerfileExtractor.extract(text: lines.joined(separator: "\n"))
        XCTAssertEqual(facts.references.count, 1)
        guard case .unresolved(let reason)? = facts.references.first?.value else {
            return XCTFail("expected an unresolved reference, got \(String(describing: facts.references.first))")
        }
        XCTAssertTrue(reason.contains("more than 16384 characters"), reason)
    }

    func testLongChainsOfInheritingStagesStayBounded() {
        var lines = ["FROM alpine AS s0"]
        for index in 1...2_000 { lines += ["FROM s\(index - 1) AS s\(index)", "ARG A\(index)=\(index)"] }
        lines.append("COPY --from=$A1 /a /b")
        let facts = DockerfileExtractor.extract(text: lines.joined(separator: "\n"))
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "$A1"])
        XCTAssertEqual(facts.references.last?.value, .unresolved(reason: "build argument A1 is not declared in this stage"))
        XCTAssertEqual(facts.warnings.count, 1)
        XCTAssertEqual(facts.warnings.first?.message, "too many variables are inherited from stage to stage; from here on stages do not inherit them")
    }

    func testDeeplyNestedSubstitutionsAreRefused() {
        let nested = String(repeating: "${X:-", count: 100_000) + "alpine" + String(repeating: "}", count: 100_000)
        let facts = extract("FROM \(nested)")
        XCTAssertEqual(facts.references.first?.value, .unresolved(reason: "substitutions nested more than 32 deep"))
    }

    // MARK: - Bounds

    /// Runs `body` on a thread with a small stack, where a recursion per level of the input crashes
    /// long before it would on the main thread.
    private func onSmallStack(_ body: @escaping @Sendable () -> FileFacts) -> FileFacts {
        let box = FactsBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 256 * 1024
        thread.start()
        done.wait()
        return box.value!
    }

    func testAnOnbuildChainOfTenThousandLevelsIsReadWithoutRecursionAndGetsOneWarning() {
        let text = "FROM alpine\n" + String(repeating: "ONBUILD ", count: 10_000) + "COPY --from=x / /\n"
        let facts = onSmallStack { DockerfileExtractor.extract(text: text) }
        XCTAssertEqual(facts.references.map(\.raw), ["alpine"])
        XCTAssertEqual(facts.warnings, [ExtractionWarning(line: 2, message: "ONBUILD ONBUILD is not allowed")])
    }

    func testAnOnbuildTriggerStillReadsItsHeredoc() {
        let facts = extract("FROM alpine", "ONBUILD RUN <<EOF", "FROM not-an-instruction", "EOF",
                            "ONBUILD COPY --from=tools:1 / /")
        XCTAssertEqual(facts.references.map(\.raw), ["alpine", "tools:1"])
        XCTAssertEqual(facts.warnings, [])
    }

    func testAFileOverItsBudgetKeepsWhatWasReadAndSaysWhereItStopped() {
        let text = "FROM a:1\n" + String(repeating: "RUN true\n", count: 100) + "FROM b:1\n"
        let budget = ExtractionBudget(steps: 50)
        let facts = DockerfileExtractor.extract(text: text, budget: budget)
        XCTAssertEqual(facts.references.map(\.raw), ["a:1"])
        XCTAssertEqual(facts.warnings.map(\.message), [
            "stopped reading: reading it took more than 50 steps (the extraction budget of one file); references after this point are not reported",
        ])
        XCTAssertEqual(facts.warnings.first?.line, 11)
    }

    // MARK: - Templates

    func testTemplateYieldsItsLiteralImagesItsStagesAndOneWarning() {
        let facts = extract(
            "{{",
            "    set isInternal to find(URL, \"internal\") >= 0 ^",
            "    set runtimeTag to cat(VERSION, \"-\", OS)",
            "}}ARG REPO=mcr.microsoft.com/dotnet/runtime",
            "{{if isInternal:# Installer image",
            "FROM {{installerImageTag}} AS installer{{if ARCH = \"arm64\":-arm}}",
            "RUN echo installing",
            "}}FROM ubuntu:22.04 AS tools",
            "FROM $REPO:{{runtimeTag}}",
            "COPY --from=installer /dotnet /dotnet",
            "COPY --from=tools /usr/bin/tool /usr/bin/tool",
            "else:COPY --from=installer /x /x",
            "RUN docker inspect --format '{{.Id}}' tool")
        let placeholder = ImageExpression.unresolved(reason: DockerfileTemplate.unresolvedReason)
        XCTAssertEqual(facts.references, [
            from(6, "stage installer", "{{installerImageTag}}", placeholder),
            from(8, "stage tools", "ubuntu:22.04", .literal("ubuntu:22.04")),
            from(9, "stage 2", "$REPO:{{runtimeTag}}", placeholder),
        ])
        XCTAssertEqual(facts.warnings.count, 1, "\(facts.warnings)")
        XCTAssertEqual(facts.warnings.first?.line, 1)
        XCTAssertTrue(facts.warnings.first?.message.hasPrefix("a template, not a Dockerfile ({{ at line 1)") == true)
    }

    func testTemplatedBuildArgumentIsAPlaceholderNotAnInvalidImage() {
        let facts = extract("ARG BASE={{ base_image }}", "FROM ${BASE}", "FROM debian:12")
        XCTAssertEqual(facts.references, [
            from(2, "stage 0", "${BASE}", .unresolved(reason: DockerfileTemplate.unresolvedReason)),
            from(3, "stage 1", "debian:12", .literal("debian:12")),
        ])
        XCTAssertEqual(facts.warnings.map(\.line), [1])
    }

    func testJinjaAndERBTemplatesAreRecognizedToo() {
        XCTAssertEqual(extract("{% if cuda %}", "FROM nvidia/cuda:12.4.0-base-ubuntu22.04", "{% endif %}").warnings.count, 1)
        let erb = extract("FROM <%= base %>", "COPY . /app")
        XCTAssertEqual(erb.references.map(\.value), [.unresolved(reason: DockerfileTemplate.unresolvedReason)])
        XCTAssertEqual(erb.warnings.count, 1)
    }

    func testGoTemplateInAShellCommandDoesNotMakeADockerfileATemplate() {
        let facts = extract("FROM alpine:3.20", "RUN docker inspect --format '{{.Id}}' x", "BOGUS x")
        XCTAssertEqual(facts.references, [from(1, "stage 0", "alpine:3.20", .literal("alpine:3.20"))])
        XCTAssertEqual(facts.warnings.map(\.message), ["unknown instruction BOGUS"])
    }
}

/// Carries facts back from the thread that extracted them; the caller waits for that thread.
private final class FactsBox: @unchecked Sendable {
    var value: FileFacts?
}
