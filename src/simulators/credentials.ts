// The simulators' own test credentials. They are not secrets: they exist so that a connector
// pointed at a simulator goes through each vendor's real auth path (and can be refused by it).

/** The session token yunzhong's Cookie header must carry. */
export const YUNZHONG_SESSION_TOKEN = "yz-sim-session-5f2b8c1e";
/** The bearer token the directory accepts. */
export const DIRECTORY_BEARER_TOKEN = "dir-sim-token-9a4d7e30";

export const SIM_CREDENTIALS = {
  yunzhenji: { appId: "yzj-sim-app", appSecret: "yzj-sim-secret" },
  shiheng: { appId: "sh-sim-app", appSecret: "sh-sim-secret" },
  yunzhong: { headers: { Cookie: `laravel_session=${YUNZHONG_SESSION_TOKEN}` } },
  directory: { headers: { Authorization: `Bearer ${DIRECTORY_BEARER_TOKEN}` } },
} as const;

export type SimCredentials = typeof SIM_CREDENTIALS;
