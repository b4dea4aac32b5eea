import { describeGraphqlCheck } from "../../../test/graphql-check-suite.js";
import check from "./graphql-ide-exposed.js";

describeGraphqlCheck(check, "low");
