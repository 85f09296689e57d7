import { Card, CardBody, CardHeader } from "@/components/ui/card";

/** Where applications send their requests: the OpenAI-compatible base URL of the gateway. */
export function GatewayEndpointCard({ gatewayUrl }: { gatewayUrl: string }) {
  const baseUrl = `${gatewayUrl}/v1`;
  return (
    <Card>
      <CardHeader title="Gateway endpoint" description="Point any OpenAI-compatible SDK at this base URL with a Switchyard key." />
      <CardBody className="space-y-3">
        <code
          className="block break-all rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-[13px]"
          data-testid="gateway-url"
        >
          {baseUrl}
        </code>
        <pre className="overflow-x-auto rounded-md bg-zinc-900 px-3 py-2.5 font-mono text-xs leading-relaxed text-zinc-100">
          {`curl ${baseUrl}/chat/completions \\
  -H "Authorization: Bearer $SWITCHYARD_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model":"YOUR_MODEL","messages":[{"role":"user","content":"Hello"}]}'`}
        </pre>
      </CardBody>
    </Card>
  );
}
