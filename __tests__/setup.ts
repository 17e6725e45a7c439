import { Testing } from "cdktf";
// Brings the type declarations of cdktf's matchers into scope for every test file.
import "cdktf/lib/testing/adapters/jest";

// Registers cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();
