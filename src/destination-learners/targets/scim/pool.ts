// The write lanes are shared by the SCIM and EasyLlama targets; SCIM's writers import them from here.
export { forEachLimited } from "../pool.js";
