namespace WsGate.UnitTests.AsyncApi;

/// <summary>The AsyncAPI documents the importer tests read: one 2.6 in YAML, one 3.0 in JSON, as WSO2 and the spec write them.</summary>
internal static class AsyncApiDocuments
{
    public const string Orders26Yaml = """
        asyncapi: 2.6.0
        info:
          title: Orders API
          version: 1.0.0
          description: Order placement
        servers:
          production:
            url: ws://orders.example:8080/ws
            protocol: ws
          sandbox:
            url: ws://sandbox.example:{port}
            protocol: ws
            variables:
              port:
                default: '9090'
        channels:
          /orders:
            publish:
              message:
                $ref: '#/components/messages/placeOrder'
            subscribe:
              message:
                $ref: '#/components/messages/orderPlaced'
          /quotes:
            publish:
              message:
                name: getQuote
                payload:
                  type: object
                  properties:
                    action:
                      enum: [quote]
                    symbol:
                      type: string
                  required: [action, symbol]
        components:
          messages:
            placeOrder:
              payload:
                $ref: '#/components/schemas/PlaceOrder'
              examples:
                - name: one book
                  payload:
                    action: place
                    item: book
                    quantity: 1
            orderPlaced:
              payload:
                type: object
                properties:
                  orderId:
                    type: string
                required: [orderId]
          schemas:
            PlaceOrder:
              type: object
              properties:
                action:
                  const: place
                item:
                  type: string
                quantity:
                  type: integer
                  minimum: 1
              required: [action, item, quantity]
        """;

    public const string Chat30Json = """
        {
          "asyncapi": "3.0.0",
          "info": { "title": "Chat", "version": "2.1" },
          "servers": {
            "main": { "host": "chat.example:7000", "protocol": "wss", "pathname": "/socket" },
            "test": { "host": "test.example:7000", "protocol": "wss", "tags": [ { "name": "sandbox" } ] }
          },
          "channels": {
            "room": {
              "address": "/room",
              "messages": {
                "say": { "payload": { "type": "object", "properties": { "text": { "type": "string", "maxLength": 100 } }, "required": ["text"] } },
                "heard": { "payload": { "type": "object", "properties": { "from": { "type": "string" }, "text": { "type": "string" } } } }
              }
            }
          },
          "operations": {
            "receiveSay": { "action": "receive", "channel": { "$ref": "#/channels/room" }, "messages": [ { "$ref": "#/channels/room/messages/say" } ] },
            "sendHeard": { "action": "send", "channel": { "$ref": "#/channels/room" }, "messages": [ { "$ref": "#/channels/room/messages/heard" } ] }
          }
        }
        """;
}
