/// The spec the fixture services implement: small, but with a place for every kind of planted fault.
public enum FixtureSpec {
    public static let yaml = """
    openapi: 3.1.0
    info:
      title: Fixture store
      version: 1.0.0
    servers:
      - url: http://127.0.0.1:8080
    components:
      securitySchemes:
        bearerAuth:
          type: http
          scheme: bearer
        apiKey:
          type: apiKey
          in: header
          name: X-API-Key
      responses:
        Problem:
          description: An RFC 9457 problem
          content:
            application/problem+json:
              schema:
                $ref: "#/components/schemas/Problem"
      schemas:
        Problem:
          type: object
          required: [title, status]
          properties:
            type: {type: string}
            title: {type: string}
            status: {type: integer}
            detail: {type: string}
            errors: {type: array}
        Note:
          type: object
          required: [id, text]
          properties:
            id: {type: integer, minimum: 1}
            text: {type: string}
        Item:
          type: object
          required: [name, price]
          properties:
            id: {type: integer, readOnly: true}
            name: {type: string, minLength: 1, maxLength: 40}
            price: {type: number, minimum: 0, maximum: 10000}
            color: {type: string, enum: [red, green, blue]}
            tags:
              type: array
              maxItems: 3
              items: {type: string, maxLength: 10}
      parameters:
        ItemId:
          name: itemId
          in: path
          required: true
          schema: {type: integer, minimum: 1, maximum: 100000}
          example: 7
    paths:
      /items:
        get:
          operationId: listItems
          parameters:
            - name: limit
              in: query
              schema: {type: integer, minimum: 1, maximum: 100}
              example: 10
            - name: color
              in: query
              schema: {type: string, enum: [red, green, blue]}
          responses:
            "200":
              description: Items
              headers:
                X-Total-Count:
                  required: true
                  schema: {type: integer, minimum: 0}
                  example: 1
              content:
                application/json:
                  schema:
                    type: array
                    items: {$ref: "#/components/schemas/Item"}
                  example: [{id: 7, name: lamp, price: 12.5, color: red, tags: [home]}]
            default: {$ref: "#/components/responses/Problem"}
        post:
          operationId: createItem
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/Item"}
                example: {name: lamp, price: 12.5, color: red, tags: [home]}
          responses:
            "201":
              description: Created
              headers:
                Location:
                  required: true
                  schema: {type: string}
                  example: /items/7
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Item"}
                  example: {id: 7, name: lamp, price: 12.5, color: red, tags: [home]}
              links:
                GetItem:
                  operationId: getItem
                  parameters: {itemId: $response.body#/id}
            default: {$ref: "#/components/responses/Problem"}
      /items/{itemId}:
        parameters:
          - $ref: "#/components/parameters/ItemId"
        get:
          operationId: getItem
          responses:
            "200":
              description: The item
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Item"}
                  example: {id: 7, name: lamp, price: 12.5}
            "400": {$ref: "#/components/responses/Problem"}
            "404": {$ref: "#/components/responses/Problem"}
        put:
          operationId: updateItem
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: "#/components/schemas/Item"}
                example: {name: desk lamp, price: 20}
          responses:
            "200":
              description: Updated
              headers:
                ETag:
                  required: true
                  schema: {type: string}
                  example: '"v2"'
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Item"}
                  example: {id: 7, name: desk lamp, price: 20}
            default: {$ref: "#/components/responses/Problem"}
        delete:
          operationId: deleteItem
          security:
            - bearerAuth: []
          responses:
            "204": {description: Deleted}
            default: {$ref: "#/components/responses/Problem"}
      /items/{itemId}/label:
        parameters:
          - $ref: "#/components/parameters/ItemId"
        get:
          operationId: getItemLabel
          responses:
            "200":
              description: A printable label
              content:
                text/plain:
                  schema: {type: string}
                  example: "LAMP 12.50"
            default: {$ref: "#/components/responses/Problem"}
      /orders:
        post:
          operationId: createOrder
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [sku, quantity]
                  properties:
                    sku: {type: string, pattern: "^[A-Z]{3}-[0-9]{3}$"}
                    quantity: {type: integer, minimum: 1, maximum: 10}
                example: {sku: ABC-123, quantity: 2}
          responses:
            "201":
              description: Ordered
              content:
                application/json:
                  schema:
                    type: object
                    required: [orderId]
                    properties:
                      orderId: {type: string}
                  example: {orderId: o-1}
            default: {$ref: "#/components/responses/Problem"}
      /search:
        get:
          operationId: search
          parameters:
            - name: q
              in: query
              required: true
              schema: {type: string, minLength: 1, maxLength: 20}
              example: lamp
          responses:
            "200":
              description: Results
              content:
                application/json:
                  schema: {type: array, items: {type: string}}
                  example: [lamp]
            default: {$ref: "#/components/responses/Problem"}
      /reports:
        get:
          operationId: getReports
          responses:
            "200":
              description: Reports
              content:
                application/json:
                  schema: {type: object, properties: {count: {type: integer}}}
                  example: {count: 3}
            default: {$ref: "#/components/responses/Problem"}
      /slow:
        get:
          operationId: getSlow
          responses:
            "200":
              description: Eventually
              content:
                application/json:
                  schema: {type: object, properties: {done: {type: boolean}}}
                  example: {done: true}
            default: {$ref: "#/components/responses/Problem"}
      /colors/{color}:
        get:
          operationId: getColor
          parameters:
            - name: color
              in: path
              required: true
              schema: {type: string, enum: [red, green, blue, ultraviolet]}
              example: red
          responses:
            "200":
              description: The color
              content:
                application/json:
                  schema: {type: object, required: [hex], properties: {hex: {type: string}}}
                  example: {hex: "#ff0000"}
            default: {$ref: "#/components/responses/Problem"}
      /users/{userId}:
        get:
          operationId: getUser
          security:
            - apiKey: []
          parameters:
            - name: userId
              in: path
              required: true
              schema: {type: string, format: uuid}
              example: 2f1c9e7a-4b8d-4c3e-9f1a-6d2b7c8e9f00
          responses:
            "200":
              description: A user
              content:
                application/json:
                  schema: {type: object, required: [name], properties: {name: {type: string}}}
                  example: {name: Ada}
            default: {$ref: "#/components/responses/Problem"}
      /settings:
        patch:
          operationId: patchSettings
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  additionalProperties: false
                  properties:
                    theme: {type: string, enum: [light, dark]}
                    pageSize: {type: integer, minimum: 10, maximum: 50}
                example: {theme: dark}
          responses:
            "200":
              description: Saved
              content:
                application/json:
                  schema: {type: object, properties: {saved: {type: boolean}}}
                  example: {saved: true}
            default: {$ref: "#/components/responses/Problem"}
      /profile:
        get:
          operationId: getProfile
          responses:
            "200":
              description: The profile
              content:
                application/json:
                  schema:
                    type: object
                    required: [name, email]
                    properties:
                      name: {type: string}
                      email: {type: string, format: email}
                  example: {name: Ada, email: ada@example.com}
            default: {$ref: "#/components/responses/Problem"}
      /notes:
        post:
          operationId: createNote
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [text]
                  properties:
                    text: {type: string, minLength: 1, maxLength: 200}
                example: {text: buy milk}
          responses:
            "201":
              description: Created
              headers:
                Location:
                  required: true
                  schema: {type: string}
                  example: /notes/1
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Note"}
                  example: {id: 1, text: buy milk}
              links:
                GetNote:
                  operationId: getNote
                  parameters: {noteId: $response.body#/id}
                DeleteNote:
                  operationId: deleteNote
                  parameters: {noteId: $response.body#/id}
            default: {$ref: "#/components/responses/Problem"}
      /notes/{noteId}:
        parameters:
          - name: noteId
            in: path
            required: true
            schema: {type: integer, minimum: 1}
            example: 1
        get:
          operationId: getNote
          responses:
            "200":
              description: The note
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Note"}
                  example: {id: 1, text: buy milk}
            "404": {$ref: "#/components/responses/Problem"}
            default: {$ref: "#/components/responses/Problem"}
        delete:
          operationId: deleteNote
          responses:
            "204": {description: Deleted}
            "404": {$ref: "#/components/responses/Problem"}
            default: {$ref: "#/components/responses/Problem"}
      /events/{eventId}:
        get:
          operationId: getEvent
          parameters:
            - name: eventId
              in: path
              required: true
              schema: {type: integer, minimum: 1, maximum: 1000}
              example: 3
          responses:
            "200":
              description: The event
              content:
                application/json:
                  schema:
                    type: object
                    required: [name, startsAt]
                    properties:
                      name: {type: string}
                      startsAt: {type: string, format: date-time}
                  example: {name: Launch, startsAt: "2026-03-01T10:00:00Z"}
            default: {$ref: "#/components/responses/Problem"}
      /orders/{orderId}:
        get:
          operationId: getOrder
          parameters:
            - name: orderId
              in: path
              required: true
              schema: {type: string, pattern: "^o-[0-9]+$"}
              example: o-1
          responses:
            "200":
              description: The order
              content:
                application/json:
                  schema:
                    type: object
                    required: [orderId, status]
                    properties:
                      orderId: {type: string}
                      status: {type: string, enum: [pending, shipped]}
                  example: {orderId: o-1, status: shipped}
            default: {$ref: "#/components/responses/Problem"}
      /stores/{storeId}:
        get:
          operationId: getStore
          parameters:
            - name: storeId
              in: path
              required: true
              schema: {type: integer, minimum: 1, maximum: 99}
              example: 4
          responses:
            "200":
              description: The store
              content:
                application/json:
                  schema:
                    type: object
                    required: [city, postalCode]
                    properties:
                      city: {type: string}
                      postalCode: {type: string, pattern: '^\\d{5}$'}
                  example: {city: Cairo, postalCode: "11511"}
            default: {$ref: "#/components/responses/Problem"}
      /inventory:
        get:
          operationId: getInventory
          responses:
            "200":
              description: Stock counts
              content:
                application/json:
                  schema: {type: object, additionalProperties: {type: integer}}
                  example: {lamp: 3}
            default: {$ref: "#/components/responses/Problem"}

    """
}
