// The typed OpenAPI model; see OpenAPIDocument.swift.
