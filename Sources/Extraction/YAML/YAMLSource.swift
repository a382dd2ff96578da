/// The tools whose YAML names images, each read by its own extractor.
public enum YAMLSource: String, Sendable, CaseIterable {
    case azurePipelines = "azure-pipelines"
    case githubWorkflow = "github-actions"
    case githubAction = "github-action"
    case gitlabCI = "gitlab-ci"
    case compose
    case kubernetes
    case helmValues = "helm-values"
    case helmChart = "helm-chart"
    case kustomize
    case circleCI = "circleci"
    case drone
    case bitbucket = "bitbucket-pipelines"
    case woodpecker
    case crow
    case cloudBuild = "cloudbuild"
    case tekton
    case vela
    case ansible
    case argoCD = "argocd"
    case ko
}
