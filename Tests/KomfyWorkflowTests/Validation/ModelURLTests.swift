import KomfyEvents
import KomfyWorkflow
import Testing

/// Which model URLs a workflow may name, and what a refused one says.
@Suite struct ModelURLTests {
    private func validate(_ url: String, rules: ValidationRules = ValidationRules()) async throws -> WorkflowVerdict {
        WorkflowValidator.validate(
            Prompts.seed(node: "1", input: "ckpt_name", .string(url)), catalog: try await EngineCatalog.shared(), rules: rules
        )
    }

    @Test(arguments: [
        "https://huggingface.co/org/model/resolve/main/model.safetensors",
        "https://cdn-lfs.huggingface.co/repos/ab/cd/model.safetensors",
        "https://civitai.com/api/download/models/128713?type=Model&format=SafeTensor",
        "https://storage.googleapis.com/bucket/models/model.safetensors",
        "https://my-bucket.s3.amazonaws.com/model.safetensors",
        "https://my-bucket.s3.eu-west-1.amazonaws.com/model.safetensors",
        "https://s3-us-west-2.amazonaws.com/my-bucket/model.safetensors",
        "HTTPS://HuggingFace.co/org/model/resolve/main/model.safetensors",
    ])
    func allowedSourcesPass(url: String) async throws {
        let verdict = try await validate(url)
        #expect(verdict.validated?.modelRefs.first?.url == url, "\(verdict.error?.message ?? "")")
    }

    @Test func plainHTTPIsRefused() async throws {
        let verdict = try await validate("http://huggingface.co/org/model/resolve/main/model.safetensors")
        #expect(verdict.errorTypes == ["1: model_url_not_allowed"])
        #expect(verdict.error?.message == "Node 1: ckpt_name URL must use https, not http")
        #expect(verdict.error?.details?["node_errors"]?["1"]?["errors"]?.arrayValue?.first?["extra_info"]?["rule"] == "https_only")
    }

    @Test(arguments: ["https://example.com/model.safetensors", "https://huggingface.co.evil.net/x.safetensors",
                      "https://evilhuggingface.co/x.safetensors", "https://169.254.169.254/latest/meta-data",
                      "https://ec2.us-east-1.amazonaws.com/x", "https://[::1]/x.safetensors"])
    func otherHostsAreRefusedNamingTheAllowedOnes(url: String) async throws {
        let verdict = try await validate(url)
        #expect(verdict.errorTypes == ["1: model_url_not_allowed"])
        let message = try #require(verdict.error?.message)
        #expect(message.hasSuffix(
            "is not allowed: models may come from huggingface.co, civitai.com, storage.googleapis.com or Amazon S3"
        ), "\(message)")
    }

    @Test func theHostIsNamedAndTheAllowedListIsConfigurable() async throws {
        let refused = try await validate("https://models.example.com/x.safetensors")
        #expect(refused.error?.message == "Node 1: ckpt_name URL host 'models.example.com' is not allowed: models may come "
            + "from huggingface.co, civitai.com, storage.googleapis.com or Amazon S3")
        let rules = ValidationRules(modelURLs: ModelURLPolicy(allowedDomains: ["*.example.com"], allowsAmazonS3: false))
        #expect(try await validate("https://models.example.com/x.safetensors", rules: rules).validated != nil)
        let hf = try await validate("https://huggingface.co/x.safetensors", rules: rules)
        #expect(hf.error?.message == "Node 1: ckpt_name URL host 'huggingface.co' is not allowed: models may come from example.com")
        #expect(try await validate("https://b.s3.amazonaws.com/x.safetensors", rules: rules).validated == nil)
    }

    @Test func credentialsAreRefusedAndNeverEchoed() async throws {
        for url in ["https://alice:s3cr3t-token@huggingface.co/x.safetensors", "https://hf_abcdef@huggingface.co/x"] {
            let verdict = try await validate(url)
            let error = try #require(verdict.error)
            #expect(error.message == "Node 1: ckpt_name URL must not contain a user name or password (Komfy adds the "
                + "credentials configured for the domain)")
            let everything = "\(error)"
            #expect(!everything.contains("s3cr3t") && !everything.contains("hf_abcdef"), "\(everything)")
        }
    }

    @Test(arguments: ["https://", "https:///x.safetensors", "https://hugging face.co/x", "ht!tp://x/y", "https://huggingface.co/x\n"])
    func malformedURLsAreRefused(url: String) async throws {
        let verdict = try await validate(url)
        #expect(verdict.error?.message == "Node 1: ckpt_name URL is not a valid URL", "\(url)")
    }

    @Test func aTokenInTheQueryIsNeverEchoedEither() async throws {
        let verdict = try await validate("https://example.com/x.safetensors?token=sk_secret_123")
        #expect(!"\(verdict)".contains("sk_secret_123"))
    }

    @Test func thePolicyAloneNamesEachRule() {
        let policy = ModelURLPolicy.standard
        #expect(policy.problem(with: "https://huggingface.co/a") == nil)
        #expect(policy.problem(with: "ftp://huggingface.co/a") == .notHTTPS(scheme: "ftp"))
        #expect(policy.problem(with: "https://u:p@huggingface.co/a") == .credentials)
        #expect(policy.problem(with: "https://huggingface.co./a") == nil)
        #expect(policy.problem(with: "https://example.org/a") == .domainNotAllowed(host: "example.org"))
        #expect(policy.problem(with: "not a url") == .malformed)
        #expect(ModelURLProblem.credentials.rule == "no_credentials_in_url")
    }
}
