/** How JSON answers are asked for (config `response_format`); gateways and local servers differ. */
export type ResponseFormatMode = "json_schema" | "json_object" | "none";
