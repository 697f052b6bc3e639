/**
 * The suggestion writer tests hand to the options and contexts that make suggestions: as if the
 * command was called with --credentials=env://GCP_CREDENTIALS and the default catalog folder.
 */
import { type SuggestCall, suggestCallWith } from "../../ci/src/lib/suggested-call.js";

export const TEST_CREDENTIALS_FLAG = "--credentials=env://GCP_CREDENTIALS";

export const testCall: SuggestCall = suggestCallWith({ catalogFlag: "", credentialsFlag: TEST_CREDENTIALS_FLAG });
