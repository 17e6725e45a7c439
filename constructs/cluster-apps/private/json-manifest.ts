/**
 * A `kubernetes_manifest` whose HCL form means what its JSON form means. The bindings hand the
 * `manifest` attribute to cdktf's HCL renderer as a map, and the renderer writes a list of objects
 * nested in it as an object keyed by position (`ingress = { 0 = { ... } }`), which the API server
 * would refuse. Passed as an attribute of type `any`, the renderer writes the value as it is, the
 * same way the JSON form does.
 */
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";

export class JsonManifest extends Manifest {
  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attributes = super.synthesizeHclAttributes();
    const manifest = this.synthesizeAttributes().manifest;
    return manifest === undefined ? attributes : { ...attributes, manifest: { value: manifest, isBlock: false, type: "any" } };
  }
}
