// Compiled schemas and validation; see Compiler.swift.
