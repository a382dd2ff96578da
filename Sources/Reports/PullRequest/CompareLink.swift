/// The web page that opens a pull request (a merge request on GitLab) from a pushed branch into its
/// base branch, on the hosts `SourceLink` recognizes.
///
/// GitHub: `https://github.com/o/r/compare/<base>...<branch>?expand=1`; Azure DevOps (`dev.azure.com`
/// and `*.visualstudio.com`): `…/_git/repo/pullrequestcreate?sourceRef=<branch>&targetRef=<base>`;
/// GitLab: `…/-/merge_requests/new?merge_request[source_branch]=<branch>&merge_request[target_branch]=<base>`
/// (brackets percent-encoded). Branch names are percent-encoded (a GitHub compare path keeps their
/// slashes); the web address never carries the user name, password or token of the repository URL.
/// Local paths, `file://` URLs and unknown hosts have no compare page.
public enum CompareLink {
    /// The page proposing `branch` for merging into `base` of the repository at `repositoryURL`, or
    /// nil when the host is not one census knows.
    public static func url(repositoryURL: String, base: String, branch: String) -> String? {
        guard let host = SourceLink.host(of: repositoryURL) else { return nil }
        switch host {
        case .gitHub(let web):
            return "\(web)/compare/\(SourceLink.encode(base, keepSlashes: true))..."
                + "\(SourceLink.encode(branch, keepSlashes: true))?expand=1"
        case .azureDevOps(let web):
            return "\(web)/pullrequestcreate?sourceRef=\(SourceLink.encode(branch, keepSlashes: false))"
                + "&targetRef=\(SourceLink.encode(base, keepSlashes: false))"
        case .gitLab(let web):
            return "\(web)/-/merge_requests/new?merge_request%5Bsource_branch%5D=\(SourceLink.encode(branch, keepSlashes: false))"
                + "&merge_request%5Btarget_branch%5D=\(SourceLink.encode(base, keepSlashes: false))"
        }
    }
}
