import { describeGraphqlCheck } from "../../../test/graphql-check-suite.js";
import check from "./graphql-field-suggestions.js";

describeGraphqlCheck(check, "low");
