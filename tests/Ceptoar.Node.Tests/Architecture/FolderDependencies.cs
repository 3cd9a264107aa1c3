using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ceptoar.Node.Tests.Architecture;

/// <summary>
/// Which folders (namespaces) of a compiled assembly use types of which others, read from its metadata and IL with
/// Mono.Cecil: base types, interfaces, fields, properties, events, method signatures, attributes, generic arguments, and
/// every type, method and field a method body refers to. Compiler-generated types (lambdas, async state machines)
/// count for the type that declares them.
/// </summary>
internal static class FolderDependencies
{
    /// <summary>Every (from, to) pair of namespaces under <paramref name="root"/> where from uses a type of to.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Of(string assemblyPath, string root) =>
        Of(assemblyPath, root, root);

    /// <summary>
    /// Every (from, to) pair where a namespace under <paramref name="root"/> uses a type of a namespace under
    /// <paramref name="usedRoot"/> (another library's, e.g. "Microsoft.Data.Sqlite").
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Of(string assemblyPath, string root, string usedRoot)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var uses = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.MainModule.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!from.StartsWith(root, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var used in Referenced(type))
            {
                var to = NamespaceOf(used);
                if (to.StartsWith(usedRoot, StringComparison.Ordinal) && to != from)
                {
                    var map = uses.TryGetValue(from, out var m) ? m : uses[from] = new(StringComparer.Ordinal);
                    // One example per pair, so a failure names a type to look at.
                    map.TryAdd(to, $"{type.FullName} uses {used.FullName}");
                }
            }
        }

        return uses.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value, StringComparer.Ordinal);
    }

    /// <summary>The namespace of a type, or of the type that declares it (nested and compiler-generated types).</summary>
    private static string NamespaceOf(TypeReference type)
    {
        while (type.IsNested)
        {
            type = type.DeclaringType;
        }

        return type.Namespace;
    }

    private static IEnumerable<TypeReference> Referenced(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            if (reference is null)
            {
                return;
            }

            switch (reference)
            {
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Add(argument);
                    }

                    return;
                case TypeSpecification specification:
                    Add(specification.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(reference);
                    return;
            }
        }

        void AddMethod(MethodReference method)
        {
            Add(method.DeclaringType);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }

            if (method is GenericInstanceMethod generic)
            {
                foreach (var argument in generic.GenericArguments)
                {
                    Add(argument);
                }
            }
        }

        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType);
        }

        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property);
        }

        foreach (var @event in type.Events)
        {
            Add(@event.EventType);
        }

        foreach (var method in type.Methods)
        {
            AddMethod(method);
            AddAttributes(method);
            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operand:
                        Add(operand);
                        break;
                    case MethodReference operand:
                        AddMethod(operand);
                        break;
                    case FieldReference operand:
                        Add(operand.DeclaringType);
                        Add(operand.FieldType);
                        break;
                }
            }

            foreach (var handler in method.Body.ExceptionHandlers.Where(h => h.HandlerType == ExceptionHandlerType.Catch))
            {
                Add(handler.CatchType);
            }
        }

        return found;
    }
}
