import { describeGraphqlCheck } from "../../../test/graphql-check-suite.js";
import check from "./graphql-alias-amplification.js";

describeGraphqlCheck(check, "low");
