import { describeGraphqlCheck } from "../../../test/graphql-check-suite.js";
import check from "./graphql-array-batching.js";

describeGraphqlCheck(check, "medium");
