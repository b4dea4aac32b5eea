import { describeGraphqlCheck } from "../../../test/graphql-check-suite.js";
import check from "./graphql-get-queries.js";

describeGraphqlCheck(check, "low");
