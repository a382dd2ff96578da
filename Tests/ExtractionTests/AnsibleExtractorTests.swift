import XCTest
@testable import Extraction

final class AnsibleExtractorTests: XCTestCase {
    func testContainerModulesInPlaysBlocksAndTaskFiles() {
        let result = facts("playbooks/site.yml", """
        - hosts: web
          vars:
            image: not-a-task
          tasks:
            - name: run nginx
              community.docker.docker_container:
                name: web
                image: nginx:1.27
            - block:
                - name: podman app
                  containers.podman.podman_container:
                    image: "{{ app_image }}"
            - name: pull only
              community.docker.docker_image:
                name: redis:7
        """)
        assertRefs(result, [
            Ref(8, "ansible/docker-container", "nginx:1.27", lit("nginx:1.27")),
            Ref(12, "ansible/podman-container", "{{ app_image }}", .unresolved(reason: "Jinja expression is rendered when the play runs")),
        ])
        XCTAssertEqual(contexts(result), ["task run nginx", "task podman app"])
    }

    func testTaskFileWithShortModuleNames() {
        let result = facts("roles/db/tasks/main.yml", "- name: db\n  docker_container:\n    image: postgres:16\n")
        assertRefs(result, [Ref(3, "ansible/docker-container", "postgres:16", lit("postgres:16"))])
    }
}
