/**
 * A permission an agency system can hold on Hanaro's JSON APIs, through an API key or an OAuth
 * client. Each module declares its own; `label` and `hint` are message keys of that module, so
 * the pages that grant scopes show every API in the words of the module that serves it.
 */
export interface ApiScope { name: string; label: string; hint: string }
