/**
 * What Quire's SCIM service says about itself (RFC 7643 §5–§7): the User and Group schemas with
 * the attributes Quire keeps, Notion's User extension (`role`: notion.com/help/provision-users-and-
 * groups-with-scim, "Users"), the two resource types and the service provider configuration. The
 * same attribute table decides filters' case rules (src/domain/scim/filter.ts).
 */
import { SCIM_LIMITS } from "./limits.js";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
/** Notion's extension of the User schema: the member's workspace role. */
export const NOTION_USER = "urn:ietf:params:scim:schemas:extension:notion:2.0:User";
export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** The two resource types. */
export type ResourceKind = "User" | "Group";

/** One attribute definition, as RFC 7643 §7 describes it. */
export interface AttributeDef {
  name: string;
  type: "string" | "boolean" | "complex" | "reference" | "dateTime";
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  description: string;
  subAttributes?: AttributeDef[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

type Opts = Partial<Omit<AttributeDef, "name" | "description">>;
const def = (name: string, description: string, o: Opts = {}): AttributeDef => ({
  name,
  type: "string",
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  description,
  ...o,
});

const USER_ATTRIBUTES: AttributeDef[] = [
  def("userName", "The person's email: unique across the Quire, whatever its case.", { required: true, uniqueness: "server" }),
  def("name", "The person's name; Quire shows `formatted` (or given and family names joined).", {
    type: "complex",
    subAttributes: [def("formatted", "The full name."), def("givenName", "Given name."), def("familyName", "Family name.")],
  }),
  def("displayName", "The name shown in the workspace (taken when `name` gives none, or when only it changed)."),
  def("emails", "The person's email (the same as userName).", {
    type: "complex",
    multiValued: true,
    subAttributes: [def("value", "The email."), def("type", "`work`.", { canonicalValues: ["work"] }), def("primary", "Always true.", { type: "boolean" })],
  }),
  def("photos", "The profile photo, read when the person is created (as Notion does).", {
    type: "complex",
    multiValued: true,
    subAttributes: [def("value", "The photo's URL.", { type: "reference", referenceTypes: ["external"] }), def("type", "`photo`."), def("primary", "Always true.", { type: "boolean" })],
  }),
  def("active", "Whether the person is a member of the workspace: false removes them (their pages and history stay).", { type: "boolean" }),
  def("externalId", "The identity provider's id for the person.", { caseExact: true }),
];

const GROUP_ATTRIBUTES: AttributeDef[] = [
  def("displayName", "The group's name.", { required: true }),
  def("externalId", "The identity provider's id for the group: unique in the workspace.", { caseExact: true }),
  def("members", "The group's members (people of the workspace).", {
    type: "complex",
    multiValued: true,
    subAttributes: [
      def("value", "The member's user id.", { caseExact: true, mutability: "immutable" }),
      def("display", "The member's name.", { mutability: "readOnly" }),
      def("$ref", "The member's URI.", { type: "reference", referenceTypes: ["User"], mutability: "readOnly" }),
      def("type", "`User`.", { canonicalValues: ["User"], mutability: "immutable" }),
    ],
  }),
];

const NOTION_ATTRIBUTES: AttributeDef[] = [def("role", "The member's workspace role.", { canonicalValues: ["owner", "membership_admin", "member"] })];

const COMMON: Record<string, AttributeDef> = {
  id: def("id", "Quire's id.", { caseExact: true, mutability: "readOnly", returned: "always" }),
  "meta.created": def("created", "", { type: "dateTime", mutability: "readOnly" }),
  "meta.lastmodified": def("lastModified", "", { type: "dateTime", mutability: "readOnly" }),
  "meta.resourcetype": def("resourceType", "", { caseExact: true, mutability: "readOnly" }),
};

function table(attrs: AttributeDef[]): Map<string, AttributeDef> {
  const out = new Map(Object.entries(COMMON));
  const walk = (list: AttributeDef[], prefix: string) =>
    list.forEach((a) => {
      const key = (prefix + a.name).toLowerCase();
      out.set(key, a);
      if (a.subAttributes) walk(a.subAttributes, `${key}.`);
    });
  walk(attrs, "");
  return out;
}
const TABLES: Record<ResourceKind, Map<string, AttributeDef>> = { User: table([...USER_ATTRIBUTES, ...NOTION_ATTRIBUTES]), Group: table(GROUP_ATTRIBUTES) };

/** The definition of an attribute path (`name.givenName`, any case, no URN), or undefined. */
export function attributeOf(kind: ResourceKind, path: string): AttributeDef | undefined {
  return TABLES[kind].get(path.toLowerCase());
}

const schema = (id: string, name: string, description: string, attributes: AttributeDef[], base: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
  id,
  name,
  description,
  attributes,
  meta: { resourceType: "Schema", location: `${base}/Schemas/${id}` },
});

/** The schemas Quire serves, as `GET /Schemas` lists them. */
export function schemaDocuments(base: string) {
  return [
    schema(USER_SCHEMA, "User", "A person of the workspace", USER_ATTRIBUTES, base),
    schema(GROUP_SCHEMA, "Group", "A group of the workspace's people", GROUP_ATTRIBUTES, base),
    schema(NOTION_USER, "NotionUser", "Notion's workspace role of a member", NOTION_ATTRIBUTES, base),
  ];
}

/** The resource types, as `GET /ResourceTypes` lists them (RFC 7643 §6). */
export function resourceTypes(base: string) {
  const type = (name: ResourceKind, endpoint: string, schemaUrn: string, extensions: { schema: string; required: boolean }[]) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: name,
    name,
    endpoint,
    description: name === "User" ? "Members of the workspace" : "Groups of the workspace's members",
    schema: schemaUrn,
    schemaExtensions: extensions,
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/${name}` },
  });
  return [type("User", "/Users", USER_SCHEMA, [{ schema: NOTION_USER, required: false }]), type("Group", "/Groups", GROUP_SCHEMA, [])];
}

/** The service provider configuration (RFC 7643 §5). */
export function serviceProviderConfig(base: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: "https://www.notion.com/help/provision-users-and-groups-with-scim",
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_LIMITS.MAX_COUNT },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "SCIM token",
        description: "A SCIM token of the workspace (POST /_quire/v1/workspaces/{id}/scim_tokens), sent as `Authorization: Bearer <token>`.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}
