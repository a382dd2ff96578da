import XCTest
@testable import Extraction

final class DockerCommandLineTests: XCTestCase {
    func testImagesOfAPipelineScriptStepUseTheStepsLineAndPipelineVariables() {
        let facts = DockerCommandLine.images(
            in: "docker pull $TEST_RUNNER\ndocker run --rm $TEST_RUNNER ./build.sh\n",
            dialect: .shell, firstLine: 40,
            variables: ["TEST_RUNNER": "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux3.0"],
            budget: ExtractionBudget())
        XCTAssertEqual(facts.map(\.line), [40, 41])
        XCTAssertEqual(facts.map(\.kind), ["script/docker-pull", "script/docker-run"])
        XCTAssertEqual(facts.map(\.value), Array(repeating: lit("mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux3.0"), count: 2))
    }

    func testBuildxBakeAndImagetoolsAreNotReadAsPullsOrBuilds() {
        let facts = DockerCommandLine.images(in: """
            docker buildx bake --set '*.args.BASE_IMAGE=alpine:3.20' --push release
            docker buildx bake -f docker-bake.hcl alpine:3.20
            docker buildx imagetools create -t ghcr.io/acme/app:1.2 ghcr.io/acme/app:1.2-amd64
            docker buildx imagetools inspect alpine:3.20
            """, dialect: .shell, budget: ExtractionBudget())
        XCTAssertEqual(facts, [])
    }

    func testImageNamedBuildArgumentsKeepAPipelineExpressionForTheCIToResolve() {
        let token = CIScriptStep.tokenPrefix + "0X"
        XCTAssertTrue(DockerCommandLine.isPipelineImage(token, argument: "BASE_IMAGE"))
        XCTAssertTrue(DockerCommandLine.isPipelineImage("\(token)/sdk:9.0", argument: "SdkImage"))
        XCTAssertTrue(DockerCommandLine.isPipelineImage(token, argument: "RUNTIME_IMG"))
        XCTAssertTrue(DockerCommandLine.isPipelineImage(token, argument: "BASE"))
        XCTAssertFalse(DockerCommandLine.isPipelineImage(token, argument: "CONFIG"))
        XCTAssertFalse(DockerCommandLine.isPipelineImage(token, argument: "BASE_TAG"))
        XCTAssertFalse(DockerCommandLine.isPipelineImage("Release", argument: "IMAGE"))
    }

    func testStrictImageTestForBuildArguments() {
        XCTAssertTrue(StrictImageValue.isImage("alpine:3.20"))
        XCTAssertTrue(StrictImageValue.isImage("ghcr.io/acme/base"))
        XCTAssertTrue(StrictImageValue.isImage("localhost:5000/base"))
        for lookAlike in ["1.22", "linux/amd64", "Release", "https://example.com/x", "10:00", "localhost:5000"] {
            XCTAssertFalse(StrictImageValue.isImage(lookAlike), lookAlike)
        }
        // A build argument named for an address is never an image, whatever its value looks like.
        XCTAssertFalse(StrictImageValue.isImage("redis:6379", name: "REDIS_HOST"))
        let facts = ScriptExtractor.extract(path: "build.sh", text: """
            docker build --build-arg REDIS_HOST=redis:6379 --build-arg TIMEOUT=10:00 --build-arg BASE=alpine:3.20 .
            """, budget: ExtractionBudget())
        XCTAssertEqual(facts.references.map(\.raw), ["alpine:3.20"])
    }

    func testOptionClustersEndAtTheFirstOptionTakingAValue() {
        XCTAssertEqual(DockerCommandLine.dockerRun.step("-itd"), .flag)
        XCTAssertEqual(DockerCommandLine.dockerRun.step("-dp"), .valueFollows)
        XCTAssertEqual(DockerCommandLine.dockerRun.step("-p8080:80"), .flag)
        XCTAssertEqual(DockerCommandLine.dockerRun.step("--env"), .valueFollows)
        XCTAssertEqual(DockerCommandLine.dockerRun.step("--env=X=1"), .flag)
        XCTAssertEqual(DockerCommandLine.dockerRun.step("--help"), .help)
        XCTAssertEqual(DockerCommandLine.pull.step("-h"), .help)
        XCTAssertEqual(DockerCommandLine.dockerRun.step("--"), .endOfOptions)
        XCTAssertEqual(DockerCommandLine.dockerRun.step("--bogus"), .unknown("--bogus"))
    }

    func testTwoBareVariablesBeforeTheImageLeaveItUnknowable() {
        let facts = DockerCommandLine.images(in: "docker run $DOCKER_OPTS $IMAGE\n", dialect: .shell, budget: ExtractionBudget())
        XCTAssertEqual(facts.map(\.raw), ["$DOCKER_OPTS"])
        XCTAssertEqual(facts.first?.value, .unresolved(reason:
            "$DOCKER_OPTS and $IMAGE may each hold options or the image; the image cannot be told apart"))
    }

    func testVariableHoldingOptionsIsNotTakenForTheImage() {
        let facts = DockerCommandLine.images(in: "OPTS=\"--rm -it\"\ndocker run $OPTS alpine:3\n", dialect: .shell,
                                             budget: ExtractionBudget())
        XCTAssertEqual(facts.map(\.raw), ["$OPTS"])
        XCTAssertEqual(facts.first?.value, .unresolved(reason:
            "$OPTS holds several words or options (--rm -it); the image argument cannot be told apart"))
    }
}

extension DockerCommandLineTests {
    func testUnknownExpansionFollowedByOptionsLeavesTheImageUnknowable() {
        // `$$FLAGS -v … image` and `$(IMAGE) -c config …` read alike; neither later word is taken for the image.
        for script in ["docker run --rm $$FLAGS \\\n  -v /a:/b \\\n  ghcr.io/acme/tool:1 run\n",
                       "docker run --rm $(LINT_IMAGE) -c $(WORKDIR)/lint.yaml $(WORKDIR)/docs\n"] {
            let facts = DockerCommandLine.images(in: script, dialect: .makefileRecipe, firstLine: 7, budget: ExtractionBudget())
            XCTAssertEqual(facts.map(\.line), [7])
            guard case .unresolved(let reason)? = facts.first?.value else { return XCTFail("expected an unresolved image") }
            XCTAssertTrue(reason.hasSuffix("is followed by options: it may hold options or be the image; the image cannot be told apart"))
        }
    }

    func testKnownOneWordVariableAfterTheImageLeavesNoDoubt() {
        let facts = DockerCommandLine.images(in: "PIP=pip3\ndocker run --rm $IMAGE $PIP install -r requirements.txt\n",
                                             dialect: .shell, budget: ExtractionBudget())
        XCTAssertEqual(facts.first?.value, .unresolved(reason: "$IMAGE is not assigned earlier in this file; it is set by the environment"))
    }
}
