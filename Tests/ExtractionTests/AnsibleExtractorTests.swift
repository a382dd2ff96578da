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

    func testComposeTasksWithAnInlineDefinitionReadTheirServicesImages() {
        let result = facts("roles/monitoring/tasks/main.yml", """
        - name: start the monitoring stack
          community.docker.docker_compose_v2:
            project_name: monitoring
            definition:
              services:
                prometheus:
                  image: prom/prometheus:v2.53.0
                grafana:
                  image: "grafana/grafana:${GRAFANA_TAG:-11.1.0}"
                exporter:
                  image: "{{ exporter_image }}"
                app:
                  build: ./app
                  image: acme/app:dev
        - name: legacy stack
          docker_service:
            project_name: legacy
            definition:
              version: "2"
              services:
                db:
                  image: postgres:9.6
        """)
        assertRefs(result, [
            Ref(7, AnsibleExtractor.composeKind, "prom/prometheus:v2.53.0", lit("prom/prometheus:v2.53.0")),
            Ref(9, AnsibleExtractor.composeKind, "grafana/grafana:${GRAFANA_TAG:-11.1.0}", lit("grafana/grafana:11.1.0")),
            Ref(11, AnsibleExtractor.composeKind, "{{ exporter_image }}",
                .unresolved(reason: "Jinja expression is rendered when the play runs")),
            Ref(22, AnsibleExtractor.composeKind, "postgres:9.6", lit("postgres:9.6")),
        ])
        XCTAssertEqual(contexts(result), [
            "task start the monitoring stack definition.services.prometheus",
            "task start the monitoring stack definition.services.grafana",
            "task start the monitoring stack definition.services.exporter",
            "task legacy stack definition.services.db",
        ])
    }

    func testVersion1DefinitionInAPlay() {
        let result = facts("site.yml", """
        - hosts: app
          tasks:
            - name: v1 project
              community.docker.docker_compose:
                project_name: flask
                definition:
                  db:
                    image: mysql:5.7
                  web:
                    build: "{{ playbook_dir }}/flask"
                    links: [db]
        """)
        assertRefs(result, [Ref(8, AnsibleExtractor.composeKind, "mysql:5.7", lit("mysql:5.7"))])
        XCTAssertEqual(contexts(result), ["task v1 project definition.services.db"])
    }

    func testComposeTaskWithProjectSrcOrOtherModulesHasNoInlineImages() {
        let result = facts("deploy.yml", """
        - hosts: all
          tasks:
            - name: from a folder
              community.docker.docker_compose_v2:
                project_src: /opt/stack
            - name: not compose
              ansible.builtin.template:
                definition:
                  services:
                    web:
                      image: nginx:1.27
            - name: definition as a string is not read
              community.docker.docker_compose_v2:
                definition: "{{ lookup('file', 'compose.yml') | from_yaml }}"
        """)
        assertRefs(result, [])
    }
}
