import XCTest
@testable import Extraction

final class ScriptExtractorTests: XCTestCase {
    func testCIHelperScriptResolvesImagesFromEarlierAssignments() {
        let result = facts("ci/run-integration.sh", """
        #!/usr/bin/env bash
        set -euo pipefail
        REGISTRY=ghcr.io/acme
        export TEST_IMAGE="${REGISTRY}/integration-runner:2.4.1"
        POSTGRES_IMAGE=${POSTGRES_IMAGE:-postgres:16-alpine}

        docker pull "$TEST_IMAGE"
        docker run --rm -d \\
          --name db \\
          -e POSTGRES_PASSWORD=secret \\
          -p 5432:5432 \\
          "$POSTGRES_IMAGE"
        docker run --rm -it -v "$PWD:/src" -w /src --network host \\
          --entrypoint /bin/sh "$TEST_IMAGE" -c 'make test'
        """)
        assertRefs(result, [
            Ref(7, "script/docker-pull", "$TEST_IMAGE", lit("ghcr.io/acme/integration-runner:2.4.1")),
            Ref(12, "script/docker-run", "$POSTGRES_IMAGE", lit("postgres:16-alpine")),
            Ref(14, "script/docker-run", "$TEST_IMAGE", lit("ghcr.io/acme/integration-runner:2.4.1")),
        ])
        XCTAssertEqual(contexts(result), ["docker pull", "docker run", "docker run"])
    }

    func testVariableTheScriptDoesNotAssignIsUnresolvedWithTheReason() {
        let result = facts("scripts/test.sh", "docker run --rm ${IMAGE} make check\n")
        assertRefs(result, [Ref(1, "script/docker-run", "${IMAGE}", .unresolved(reason:
            "${IMAGE} is not assigned earlier in this file; it is set by the environment"))])
    }

    func testValueComputedByCommandSubstitutionIsUnresolved() {
        let result = facts("build.sh", "TAG=$(git rev-parse HEAD)\ndocker pull quay.io/acme/app:$TAG\n")
        assertRefs(result, [Ref(2, "script/docker-pull", "quay.io/acme/app:$TAG", .unresolved(reason:
            "$TAG is assigned a value census cannot know: $(git rev-parse HEAD): command substitution is run when the script runs"))])
    }

    func testContainerImagePodmanAndBuildxSubcommandsAreRecognized() {
        let result = facts("hack/e2e.bash", """
        docker container run --rm alpine:3.20 true
        docker image pull --platform linux/arm64 mcr.microsoft.com/dotnet/sdk:9.0
        sudo -E podman create --pod ci --name cache docker.io/library/redis:7
        docker -H tcp://127.0.0.1:2375 pull busybox:1.36
        """)
        assertRefs(result, [
            Ref(1, "script/docker-run", "alpine:3.20", lit("alpine:3.20")),
            Ref(2, "script/docker-pull", "mcr.microsoft.com/dotnet/sdk:9.0", lit("mcr.microsoft.com/dotnet/sdk:9.0")),
            Ref(3, "script/docker-create", "docker.io/library/redis:7", lit("docker.io/library/redis:7")),
            Ref(4, "script/docker-pull", "busybox:1.36", lit("busybox:1.36")),
        ])
        XCTAssertEqual(contexts(result), ["docker container run", "docker image pull", "podman create", "docker pull"])
    }

    func testOptionFormsAndDoubleDashAreSkippedTheWayTheCLIDoes() {
        let result = facts("run.sh", """
        docker run --env=A=1 -eB=2 -dp 8080:80 --user 1000:1000 --mount type=bind,src=.,dst=/w -- nginx:1.27 -g 'daemon off;'
        docker run -it --rm --platform=linux/amd64 --name=x ubuntu:24.04 bash
        """)
        assertRefs(result, [
            Ref(1, "script/docker-run", "nginx:1.27", lit("nginx:1.27")),
            Ref(2, "script/docker-run", "ubuntu:24.04", lit("ubuntu:24.04")),
        ])
    }

    func testUnknownOptionMakesTheImageUnresolvedRatherThanGuessed() {
        let result = facts("run.sh", "docker run --future-flag value alpine:3 sh\n")
        assertRefs(result, [Ref(1, "script/docker-run", "value", .unresolved(reason:
            "`docker run` option --future-flag is not known to census; the image argument cannot be told apart"))])
    }

    func testBuildRecordsTagsAsLocalBuildsAndImageBuildArgs() {
        let result = facts("Makefile", """
        REGISTRY ?= registry.example.com/platform
        VERSION := 1.8.0
        BASE_IMAGE = $(REGISTRY)/base:$(VERSION)

        .PHONY: image
        image:
        \tdocker build \\
        \t  --build-arg BASE_IMAGE=$(BASE_IMAGE) \\
        \t  --build-arg GO_VERSION=1.22 \\
        \t  --build-arg TARGETPLATFORM=linux/amd64 \\
        \t  -t $(REGISTRY)/app:$(VERSION) -f build/Dockerfile .
        """)
        assertRefs(result, [
            Ref(8, "script/docker-build-arg", "$(BASE_IMAGE)", lit("registry.example.com/platform/base:1.8.0")),
            Ref(11, "script/build-tag", "$(REGISTRY)/app:$(VERSION)", lit("registry.example.com/platform/app:1.8.0")),
        ])
        XCTAssertEqual(contexts(result), ["docker build --build-arg BASE_IMAGE", "docker build -t"])
        XCTAssertEqual(ReferenceRole(kind: "script/build-tag"), .localBuild)
        XCTAssertEqual(ReferenceRole(kind: "script/docker-build-arg"), .pull)
    }

    func testMakefileRecipesUseMakeVariablesDefinedAnywhereAndShellVariablesStayUnresolved() {
        let result = facts("build/images.mk", """
        test-e2e:
        \t@docker run --rm $(E2E_IMAGE) ./e2e.sh
        \t-docker run --rm $$RUNNER_IMAGE
        lint: ; @true
        E2E_IMAGE := ghcr.io/acme/e2e:$(shell cat VERSION)
        """)
        assertRefs(result, [
            Ref(2, "script/docker-run", "$(E2E_IMAGE)", .unresolved(reason:
                "$(shell cat VERSION): make function or substitution $(shell cat VERSION) is evaluated when make runs")),
            Ref(3, "script/docker-run", "$$RUNNER_IMAGE", .unresolved(reason:
                "$$RUNNER_IMAGE: shell variable $RUNNER_IMAGE in a make recipe is set when the recipe runs")),
        ])
    }

    func testPowerShellAssignmentsBacktickContinuationsAndEnvVariables() {
        let result = facts("eng/docker/Run-Tests.ps1", """
        param([string]$Configuration = 'Release')
        $ImageName = 'mcr.microsoft.com/dotnet/sdk:8.0-jammy'
        <# docker run --rm not:this #>
        docker run --rm `
            -v "${PWD}:/repo" `
            -w /repo `
            $ImageName dotnet test -c $Configuration
        & docker pull $env:HELPER_IMAGE
        """)
        assertRefs(result, [
            Ref(7, "script/docker-run", "$ImageName", lit("mcr.microsoft.com/dotnet/sdk:8.0-jammy")),
            Ref(8, "script/docker-pull", "$env:HELPER_IMAGE", .unresolved(reason:
                "$env:HELPER_IMAGE is not assigned earlier in this file; it is set by the environment")),
        ])
    }

    func testLookAlikesAreNotReferences() {
        let result = facts("scripts/look-alikes.sh", """
        # docker run commented:1
        echo "docker run quoted:1"
        echo docker run echoed:1
        docker run --help
        docker pull -h
        docker ps -a
        docker compose run web
        docker images alpine:3
        cat <<EOF > Dockerfile.gen
        docker run heredoc:1
        EOF
        cat <<-'END'
        \tdocker pull heredoc:2
        \tEND
        docker build -f Dockerfile .
        docker run
        """)
        assertRefs(result, [])
    }

    func testHeredocBodyIsSkippedAndTheCommandsAfterItKeepTheirLines() {
        let result = facts("setup.sh", "cat > run.txt <<'EOF'\ndocker run inside:1\nEOF\ndocker pull after:2\n")
        assertRefs(result, [Ref(4, "script/docker-pull", "after:2", lit("after:2"))])
    }

    func testCommandWithTooManyWordsIsCutWithAWarning() {
        let words = Array(repeating: "-e A=1", count: ScriptLexer.maxWordsPerCommand)
        let result = facts("big.sh", "docker run " + words.joined(separator: " ") + " alpine:3\n")
        assertRefs(result, [])
        XCTAssertEqual(result.warnings.map(\.message),
                       ["command has more than \(ScriptLexer.maxWordsPerCommand) words; the rest is not read"])
    }

    func testSpentBudgetStopsReadingWithAWarning() {
        let text = String(repeating: "docker pull alpine:3\n", count: 2000)
        let budget = ExtractionBudget(steps: 1000)
        let result = Extractors.facts(path: "many.sh", kind: .script, bytes: Array(text.utf8), budget: budget)
        XCTAssertLessThan(result.references.count, 2000)
        XCTAssertGreaterThan(result.references.count, 0, "what was read before the budget ran out is kept")
        XCTAssertTrue(result.warnings.last?.message.hasPrefix("stopped reading") == true)
    }
}

extension ScriptExtractorTests {
    func testScriptPathsAreClassified() {
        XCTAssertEqual(FileKind.classify(path: "ci/build.sh"), .script)
        XCTAssertEqual(FileKind.classify(path: "hack/e2e.bash"), .script)
        XCTAssertEqual(FileKind.classify(path: "eng/Build.PS1"), .script)
        XCTAssertEqual(FileKind.classify(path: "Makefile"), .script)
        XCTAssertEqual(FileKind.classify(path: "build/GNUmakefile"), .script)
        XCTAssertEqual(FileKind.classify(path: "mk/images.mk"), .script)
        XCTAssertEqual(FileKind.classify(path: "Makefile.common"), .script)
        XCTAssertEqual(ScriptExtractor.dialect(of: "Makefile.common"), .makefileRecipe)
        XCTAssertNil(FileKind.classify(path: "Makefile.in"))
        XCTAssertNil(FileKind.classify(path: "scripts/build.py"))
    }

    func testCannedRecipeInADefineAndRecipesAcrossConditionalsAreRead() {
        let result = facts("Makefile", """
        BUILD_IMAGE := ghcr.io/acme/build-image:0.33
        define run_in_container
        \tdocker run --rm -v $(CURDIR):/src $(BUILD_IMAGE) make $@
        endef
        check:
        ifeq ($(CI),true)
        \tdocker pull ghcr.io/acme/linter:1.2
        endif
        \t$(call run_in_container)
        rootfs:
        \tID=$$(docker create rootfsimage:1 true) && docker cp $$ID:/ out
        """)
        assertRefs(result, [
            Ref(3, "script/docker-run", "$(BUILD_IMAGE)", lit("ghcr.io/acme/build-image:0.33")),
            Ref(7, "script/docker-pull", "ghcr.io/acme/linter:1.2", lit("ghcr.io/acme/linter:1.2")),
            Ref(11, "script/docker-create", "rootfsimage:1", lit("rootfsimage:1")),
        ])
    }
}

extension ScriptExtractorTests {
    func testCommandsInConditionsAndThroughAnAssignedProgramVariable() {
        let result = facts("Makefile", """
        DOCKER ?= podman
        e2e:
        \tif ! docker pull quay.io/acme/e2e:3; then exit 1; fi
        \t$(DOCKER) run --rm quay.io/acme/e2e:3
        \t$(CONTAINER_TOOL) run --rm unknown-tool:1
        """)
        assertRefs(result, [
            Ref(3, "script/docker-pull", "quay.io/acme/e2e:3", lit("quay.io/acme/e2e:3")),
            Ref(4, "script/docker-run", "quay.io/acme/e2e:3", lit("quay.io/acme/e2e:3")),
        ])
        XCTAssertEqual(contexts(result), ["docker pull", "podman run"])
    }
}

extension ScriptExtractorTests {
    func testMultiWordMakeVariablesArePastedBeforeTheShellSplitsThem() {
        let result = facts("Makefile", """
        BASE_IMAGE := golang:1.23-bookworm
        BUILD_ARGS := --build-arg BASE_IMAGE=$(BASE_IMAGE) --build-arg VERSION=2
        OCI_BUILD := DOCKER_BUILDKIT=1 docker buildx build $(BUILD_ARGS)
        RUN_IN_CONTAINER = docker run --rm -v $(CURDIR):/src
        images:
        \t$(OCI_BUILD) -t registry.example.com/app:2 .
        \t$(RUN_IN_CONTAINER) registry.example.com/test-runner:5 make test
        """)
        assertRefs(result, [
            Ref(6, "script/build-tag", "registry.example.com/app:2", lit("registry.example.com/app:2")),
            Ref(6, "script/docker-build-arg", "$(BASE_IMAGE)", lit("golang:1.23-bookworm")),
            Ref(7, "script/docker-run", "registry.example.com/test-runner:5", lit("registry.example.com/test-runner:5")),
        ])
    }
}

extension ScriptExtractorTests {
    func testMakeVariableGivenDifferentValuesByAConditionalIsUnresolved() {
        let result = facts("Makefile", """
        ifeq ($(ARCH),arm64)
        \tRUNNER := ghcr.io/acme/runner:1-arm64
        else
        \tRUNNER := ghcr.io/acme/runner:1-amd64
        endif
        ifndef LINTER
        LINTER := ghcr.io/acme/lint:4
        endif
        ci:
        \tdocker run --rm $(RUNNER) make
        \tdocker run --rm $(LINTER)
        """)
        assertRefs(result, [
            Ref(10, "script/docker-run", "$(RUNNER)", .unresolved(reason:
                "$(RUNNER) is assigned differently in the branches of a make conditional; which applies is decided when make runs")),
            Ref(11, "script/docker-run", "$(LINTER)", lit("ghcr.io/acme/lint:4")),
        ])
    }
}

extension ScriptExtractorTests {
    func testShellVariableGivenDifferentValuesInBranchesIsUnresolved() {
        let result = facts("ci/test.sh", """
        if [ "$(uname -m)" = "aarch64" ]; then
          RUNNER=ghcr.io/acme/runner:1-arm64
        else
          RUNNER=ghcr.io/acme/runner:1-amd64
        fi
        if [ -z "${LINTER:-}" ]; then LINTER=ghcr.io/acme/lint:4; fi
        docker run --rm "$RUNNER" make
        docker run --rm "$LINTER"
        """)
        assertRefs(result, [
            Ref(7, "script/docker-run", "$RUNNER", .unresolved(reason:
                "$RUNNER is assigned differently in the branches of an if or case; which applies is decided when the script runs")),
            Ref(8, "script/docker-run", "$LINTER", lit("ghcr.io/acme/lint:4")),
        ])
    }
}

extension ScriptExtractorTests {
    func testRunOfAnImageTheSameFileBuildsIsNotAPull() {
        let result = facts("Makefile", """
        CONTAINER = parser-bench
        test:
        \tdocker run --rm -v $(CURDIR):/src $(CONTAINER) go test ./...
        build:
        \tdocker build -t $(CONTAINER) .
        \tdocker pull $(CONTAINER)
        """)
        assertRefs(result, [
            Ref(5, "script/build-tag", "$(CONTAINER)", lit("parser-bench")),
            Ref(6, "script/docker-pull", "$(CONTAINER)", lit("parser-bench")),
        ])
    }
}

extension ScriptExtractorTests {
    func testMakeVariableTheMakefileDoesNotAssignNamesWhereItComesFrom() {
        let result = facts("Makefile.common", "docker-%:\n\tdocker build -t \"$(DOCKER_REPO)/app:$*\" .\n")
        assertRefs(result, [Ref(2, "script/build-tag", "$(DOCKER_REPO)/app:$*", .unresolved(reason:
            "$(DOCKER_REPO) is not assigned in this Makefile; it is set on make's command line, by the environment or by a Makefile that includes this one"))])
    }
}

extension ScriptExtractorTests {
    func testPowerShellVariableIsOneArgumentWhateverItHolds() {
        let result = facts("build.ps1", "docker run --rm $Image $Command\nenv DOCKER_BUILDKIT=1 docker pull alpine:3\n")
        assertRefs(result, [
            Ref(1, "script/docker-run", "$Image", .unresolved(reason:
                "$Image is not assigned earlier in this file; it is a script parameter or set by the caller")),
            Ref(2, "script/docker-pull", "alpine:3", lit("alpine:3")),
        ])
    }
}

extension ScriptExtractorTests {
    func testPowerShellSubexpressionCommandsAreRead() {
        let result = facts("scan.ps1", "$scan = $(docker run --rm anchore/syft:1.18.1 packages $ImageName -q | ConvertFrom-Json)\n")
        assertRefs(result, [Ref(1, "script/docker-run", "anchore/syft:1.18.1", lit("anchore/syft:1.18.1"))])
    }
}

extension ScriptExtractorTests {
    func testPowerShellParameterDefaultIsTheImageWhenTheCallerPassesNone() {
        let result = facts("eng/Run-InContainer.ps1", """
        param(
            [string]$Image = 'mcr.microsoft.com/dotnet/sdk:9.0',
            [string]$Command = 'dotnet test'
        )
        docker run --rm $Image $Command
        """)
        assertRefs(result, [Ref(5, "script/docker-run", "$Image", lit("mcr.microsoft.com/dotnet/sdk:9.0"))])
    }

    func testAnExportAfterThenOrDoIsAnAssignment() {
        let result = facts("ci.sh", """
            if [ -z "$CI" ]; then export IMAGE=ghcr.io/acme/tool:2.1; fi
            docker run --rm "$IMAGE"
            """)
        XCTAssertEqual(result.references.map(\.value), [lit("ghcr.io/acme/tool:2.1")])
    }
}
